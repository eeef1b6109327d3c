"""Languages come from the catalogues; documents keep the organization's language."""

import re
from pathlib import Path

import pytest
from flask import Flask

from coop.core.config import available_languages
from coop.core.errors import DomainError
from coop.orgs.services import create_organization
from tests.factories import hold_assembly, login_as

ROOT = Path(__file__).resolve().parents[3]


def test_a_language_is_a_catalogue_in_the_translations_folder(tmp_path):
    (tmp_path / "ht" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "ht" / "LC_MESSAGES" / "messages.po").write_text("")
    (tmp_path / "drafts").mkdir()  # a folder without a catalogue is no language
    assert available_languages(tmp_path) == ("en", "ht")


def test_the_app_offers_english_and_every_catalogue(app: Flask):
    catalogues = {p.parent.parent.name for p in ROOT.glob("translations/*/LC_MESSAGES/*.po")}
    assert set(app.config["LANGUAGES"]) == catalogues | {"en"}
    assert {"es", "pt_BR", "fr", "en"} <= set(app.config["LANGUAGES"])


def test_each_language_is_named_in_itself(client, world):
    page = client.get("/login").get_data(as_text=True)
    for code, name in [
        ("en", "English"),
        ("es", "Español"),
        ("fr", "Français"),
        ("pt_BR", "Português (Brasil)"),
    ]:
        assert re.search(f'value="{code}"[^>]*>{re.escape(name)}</button>', page), name


def test_french_from_the_switcher_and_from_the_browser(app, client, world):
    client.post("/language", data={"lang": "fr"})
    page = client.get("/o/coop-a/login").get_data(as_text=True)
    assert '<html lang="fr">' in page and "Se connecter en tant que membre" in page
    browser = app.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr-FR,fr;q=0.9"
    assert '<html lang="fr">' in browser.get("/login").get_data(as_text=True)


def test_an_organization_may_keep_its_documents_in_any_language(ctx):
    org = create_organization("cafe-haiti", "Koperativ", "HT", "America/Port-au-Prince", "fr")
    assert org.default_locale == "fr"
    with pytest.raises(DomainError):
        create_organization("nowhere", "X", "HT", "America/Port-au-Prince", "xx")


def test_the_command_line_offers_every_language(app):
    runner = app.test_cli_runner()
    args = ["org", "create", "cafe-haiti", "Koperativ", "--country", "HT"]
    assert runner.invoke(args=[*args, "--language", "xx"]).exit_code != 0
    result = runner.invoke(args=[*args, "--timezone", "America/Port-au-Prince", "--language", "fr"])
    assert result.exit_code == 0, result.output


def test_portuguese_interface_spanish_documents(client, world):
    """A Portuguese-speaking reader gets the pages in Portuguese and the organization's
    notice and minutes in its Spanish."""
    login_as(client, "secretary")
    client.post("/language", data={"lang": "pt_BR"})
    minutes = hold_assembly(client, world, yes=2, no=0, abstain=1)
    page = " ".join(client.get(f"{minutes}/").get_data(as_text=True).split())
    assert '<html lang="pt-BR">' in page and "Baixar PDF" in page
    assert '<div class="paper" lang="es">' in page and "Borrador del acta" in page
    assert "Sí: 2; No: 0; Abstención: 1." in page
    notice = client.get(f"/o/coop-a/assemblies/{world.a.assembly_id}/notice")
    text = notice.get_data(as_text=True)
    assert "Baixar PDF" in text and "Convocatoria a asamblea general" in text
