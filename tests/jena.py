"""Apache Jena's ``riot`` from Debian's ``libapache-jena-java``, which ships the jars but no
``riot`` script.

Jena 4.5 as Debian packages it fails on start (``ExceptionInInitializerError``): its
relocated Xerces looks up its message files under ``xerces/impl/msg/``, while the jar
holds them under ``org/apache/jena/ext/xerces/impl/msg/``. :func:`riot` copies them to
the expected path in a folder put first on the class path. The JSON-LD 1.1 reader (the
default for ``.jsonld``) needs a Jakarta JSON provider Debian does not package, so JSON-LD
is read with ``--syntax=jsonld10``, the JSON-LD 1.0 reader.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

__all__ = ["JARS", "jena", "riot"]

JARS = Path("/usr/share/java")
#: riot's jars and their dependencies (Debian's names), with one SLF4J binding.
_CLASSPATH = (
    "jena-arq", "jena-base", "jena-cmds", "jena-core", "jena-iri", "commons-cli",
    "commons-codec", "commons-compress", "commons-csv", "commons-io", "commons-lang3",
    "dexx.collection", "gson", "guava", "httpclient", "httpclient-cache", "httpcore",
    "jackson-annotations", "jackson-core", "jackson-databind", "jsonld-java",
    "titanium-json-ld", "jakarta.json-api", "protobuf", "thrift", "slf4j-api", "slf4j-simple",
)  # fmt: skip
#: What TDB2's commands (``tdb2.tdbloader``, ``tdb2.tdbquery``) need besides.
_TDB2 = (
    "jena-tdb2", "jena-dboe-base", "jena-dboe-index", "jena-dboe-storage",
    "jena-dboe-trans-data", "jena-dboe-transaction", "jena-rdfconnection",
)  # fmt: skip
_XERCES = "org/apache/jena/ext/xerces/"


def jena(work: Path, main: str, *, tdb2: bool = False) -> list[str] | None:
    """The command that runs Jena's command-line class ``main`` (``riotcmd.riot``,
    ``tdb2.tdbloader``, ...; arguments follow), with its message files in ``work``; None
    when Java or Jena's jars are missing."""
    java = shutil.which("java")
    jars = [JARS / f"{name}.jar" for name in _CLASSPATH + (_TDB2 if tdb2 else ())]
    if java is None or not all(j.is_file() for j in jars):
        return None
    fix = work / "jena-xerces"
    with zipfile.ZipFile(JARS / "jena-core.jar") as core:
        for name in core.namelist():
            if name.startswith(_XERCES) and name.endswith(".properties"):
                target = fix / "xerces" / name[len(_XERCES) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(core.read(name))
    classpath = ":".join([str(fix), *map(str, jars)])
    return [java, "-cp", classpath, main]


def riot(work: Path) -> list[str] | None:
    """The command that runs ``riot`` (arguments follow); None when Java or Jena's jars
    are missing."""
    return jena(work, "riotcmd.riot")
