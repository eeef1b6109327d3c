"""A ZIP whose bytes depend on its files alone: fixed order, dates, permissions, compression."""

import io
import zipfile

# The earliest date a ZIP entry can carry: no "when it was made" inside the archive.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def write_zip(files: dict[str, bytes]) -> bytes:
    """The archive of these files, in path order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the machine
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[path], compresslevel=6)
    return buffer.getvalue()
