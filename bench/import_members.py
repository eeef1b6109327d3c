"""Time and memory of importing a 10,000-member register file (budget: 3 s, 300 MB peak).

Run: .venv/bin/python bench/import_members.py [--members N] [--database URL]
Builds a CSV like a board's spreadsheet (semicolons, decimal commas, Spanish headers, one
production unit per member), then times each request of the import in-process on a fresh
database, as the pages make them: the upload (read, check against the register, keep the
plan), the preview (the kept plan), and the apply (write it). It imports twice: into an
empty register, then the same file changed for every member (the update path: names,
births, places, phones and units). Peak memory is the process's maximum resident set, from
the kernel. The CPU time printed is this process's alone (not the database server's): a
check on a busy machine.

Run: .venv/bin/python bench/import_members.py --hostile
Reads each hostile XLSX of bench/hostile_xlsx.py (budget: refused within 1 s and 100 MB),
then the widest register the import takes, as Excel saves it (read, not refused). Each file
is read twice: once timed (wall clock, and the process's CPU time, which other work on a
shared machine does not inflate), once under tracemalloc for its peak memory (tracemalloc
slows the code it watches).
"""

import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable

import sqlalchemy as sa
from fresh import arguments, fresh_app

from coop.auth.models import Role
from coop.auth.services import create_user, grant
from coop.core.extensions import db
from coop.members import imports
from coop.members.models import Member
from coop.orgs.services import create_organization

HEADER = (
    "Número de socio;Nombres;Apellidos;Cédula;Sexo;Fecha de nacimiento;Comunidad;Grupo;"
    "Teléfono;Fecha de ingreso;Estado;Producto;Área total (ha);Área del producto;Colmenas;"
    "Certificaciones;Volumen (kg)"
)


def make_csv(n: int, variant: int) -> bytes:
    rng = random.Random(variant)
    lines = [HEADER]
    for i in range(1, n + 1):
        area = rng.randrange(50, 2000) / 100
        product = "Miel" if i % 11 == 0 else "Café"
        lines.append(
            ";".join(
                [
                    f"{i:05d}",
                    rng.choice(["María", "José", "Ana", "Pedro"]),
                    " ".join(
                        [
                            rng.choice(["Pérez", "Núñez", "Gómez"]),
                            rng.choice(["Ruiz", "Díaz"]),
                            str(variant),
                        ]
                    ),
                    f"ID{i:08d}",
                    rng.choice(["F", "M"]),
                    f"{rng.randrange(1, 28):02d}/06/19{rng.randrange(40, 99)}",
                    rng.choice(["San Isidro", "La Esperanza", "El Porvenir"]),
                    f"Grupo {i % 12}",
                    f"+52 9{rng.randrange(10**8, 10**9)}",
                    "14/03/2015",
                    "Activo",
                    product,
                    f"{area + 1:.2f}".replace(".", ","),
                    f"{area:.2f}".replace(".", ",") if product == "Café" else "",
                    "40" if product == "Miel" else "",
                    "Orgánico + SPP",
                    f"{int(area * 600)}",
                ]
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(app, org_id: int, user_id: int, data: bytes, label: str) -> None:
    from coop.core.tenancy.models import Organization

    with app.app_context():
        org = db.session.get(Organization, org_id)
        start, cpu = time.perf_counter(), time.process_time()
        batch = imports.start_import(org, user_id, "padron.csv", data)
        db.session.commit()
        read = time.perf_counter()
        preview = imports.current_summary(org, batch)
        db.session.commit()
        previewed = time.perf_counter()
        assert not preview.problems, preview.problems[:3]
        done_counts = imports.apply_import(org, batch, imports.ApplyChoice(), user_id)
        db.session.commit()
        done, cpu = time.perf_counter(), time.process_time() - cpu
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Member))
    print(
        f"{label:>8}: upload+check {read - start:5.2f} s, preview {previewed - read:5.2f} s, "
        f"apply {done - previewed:5.2f} s, total {done - start:5.2f} s "
        f"(this process's CPU {cpu:.2f} s); {done_counts}; "
        f"{total} members; peak RSS so far {peak_mb():.0f} MB"
    )


def pages(app, members: int) -> None:
    """The register's pages on the imported register, as the board opens them: median of
    five requests each, with the number of SQL statements of one."""
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": "x" * 12})
    with app.app_context():
        some = db.session.scalar(sa.select(Member.id).order_by(Member.id).offset(members // 2))
    base = "/o/bench/members"
    urls = [
        f"{base}/",
        f"{base}/?q=nunez+ruiz",
        f"{base}/?page=50",
        f"{base}/{some}",
        f"{base}/indicators",
        f"{base}/to-complete",
        f"{base}/register.csv",
        f"{base}/register.xlsx",
    ]
    with app.app_context():
        engine = db.engine
    statements = [0]

    def count(*_args) -> None:
        statements[0] += 1

    sa.event.listen(engine, "before_cursor_execute", count)
    print(f"{'page':<44} {'median':>8} {'cpu':>8} {'SQL':>4} {'bytes':>10}")
    for url in urls:
        times, cpus = [], []
        for _ in range(5):
            statements[0] = 0
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            body = response.get_data()
            times.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
            assert response.status_code == 200, (url, response.status_code)
        times.sort(), cpus.sort()
        print(
            f"{url:<44} {times[2] * 1000:6.0f} ms {cpus[2] * 1000:5.0f} ms "
            f"{statements[0]:>4} {len(body):>10,}"
        )
    sa.event.remove(engine, "before_cursor_execute", count)


def hostile() -> None:
    from hostile_xlsx import HOSTILE, register

    from coop.members.tabular import MAX_COLUMNS, MAX_ROWS, TableError, read_table

    def outcome(data: bytes) -> str:
        try:
            read_table(data)
        except TableError as error:
            return error.code
        return "read"

    widest = f"register of {MAX_ROWS:,} members x {MAX_COLUMNS} columns"
    cases: list[tuple[str, Callable[[], bytes], str]] = [
        *((name, build, code) for name, (build, code) in HOSTILE.items()),
        (widest, lambda: register(MAX_ROWS, MAX_COLUMNS), "read"),
    ]
    outcome(register(1, 1))  # openpyxl is imported on the first spreadsheet
    print(f"{'file':<52} {'size':>9}  {'outcome':<17} {'wall':>8} {'cpu':>8} {'peak':>9}")
    for name, build, expected in cases:
        data = build()
        start, cpu = time.perf_counter(), time.process_time()
        got = outcome(data)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        tracemalloc.start()
        outcome(data)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        mark = "" if got == expected else f"  (expected {expected})"
        print(
            f"{name:<52} {len(data) / 1024:>6.0f} KB  {got:<17} {seconds:>6.3f} s "
            f"{cpu:>6.3f} s {peak:>6.1f} MB{mark}"
        )
    print(f"peak RSS of the whole run, building the files included: {peak_mb():.0f} MB")


def main() -> None:
    if sys.argv[1:] == ["--hostile"]:
        hostile()
        return
    args = arguments(10_000)
    with fresh_app(args.database) as (app, url):
        with app.app_context():
            org = create_organization("bench", "Bench", "MX", "America/Mexico_City", "es")
            user = create_user("Bench", "bench@example.org", "x" * 12)
            grant(org, user, Role.SECRETARY, None)
            db.session.commit()
            org_id, user_id = org.id, user.id
        first, second = make_csv(args.members, 1), make_csv(args.members, 2)
        print(
            f"file: {len(first) / 1e6:.1f} MB, {args.members:,} members, "
            f"database {url.split(':')[0]}, python {sys.version.split()[0]}; "
            f"RSS before import {peak_mb():.0f} MB"
        )
        run(app, org_id, user_id, first, "new")
        run(app, org_id, user_id, second, "update")
        pages(app, args.members)


if __name__ == "__main__":
    main()
