#!/bin/sh
# `make dist-check`: install the offline bundle with the network unavailable and serve the demo from it.
# As root the install runs in a fresh network namespace (unshare -n: only a loopback, nothing outside);
# otherwise pip is held to the bundle by --no-index and an unreachable index address.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUNDLE=$(ls -t "$ROOT"/dist/yingshang-offline-*.tar.gz | head -1)
WORK=$(mktemp -d /tmp/yingshang-dist-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
tar xzf "$BUNDLE" -C "$WORK"
SRC=$(ls -d "$WORK"/yingshang-offline-*)
PREFIX="$WORK/prefix"

cat > "$WORK/offline.sh" <<SCRIPT
set -eu
export PIP_CONFIG_FILE=/dev/null PIP_INDEX_URL=http://127.0.0.1:9/ PIP_DISABLE_PIP_VERSION_CHECK=1
ip link set lo up 2>/dev/null || true
if python3 -c "import urllib.request; urllib.request.urlopen('https://pypi.org/simple/', timeout=3)" 2>/dev/null; then
  echo "检查无效:安装环境仍能访问外网"; exit 1
fi
sh "$SRC/install.sh" "$PREFIX"
set -a; . "$PREFIX/yingshang.env"; set +a
export SECRET_KEY=offline-check-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz
"$PREFIX/venv/bin/yingshang" migrate --noinput -v0
"$PREFIX/venv/bin/yingshang" audit keygen
"$PREFIX/venv/bin/yingshang" audit seal --if-needed
"$PREFIX/venv/bin/yingshang" collectstatic --noinput -v0
"$PREFIX/venv/bin/yingshang" demo --enterprises 300 >/dev/null
"$PREFIX/venv/bin/gunicorn" yingshang.wsgi:application --bind 127.0.0.1:8799 --workers 1 --daemon --pid "$WORK/gunicorn.pid"
"$PREFIX/venv/bin/python" - <<'PY'
import time, urllib.error, urllib.request
def get(path):
    answer = None
    for _ in range(60):
        try:
            with urllib.request.urlopen("http://127.0.0.1:8799" + path, timeout=5) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as error:  # answered, but not yet ready: wait, and keep what it said
            answer = (error.code, error.read())
        except OSError:
            pass
        time.sleep(0.5)
    if answer:
        return answer
    raise SystemExit("服务未启动: " + path)
assert get("/healthz")[0] == 200
status, body = get("/login/")
assert status == 200 and "营商通".encode() in body, "登录页异常"
assert get("/static/vendor/htmx.min.js")[0] == 200
status, body = get("/readyz")
assert status == 200, "就绪检查未通过: %s %s" % (status, body.decode("utf-8", "replace"))
PY
"$PREFIX/venv/bin/yingshang" audit verify
"$PREFIX/venv/bin/python" - <<'PY'
print("离线安装检查通过:安装包在无网络环境下安装并运行演示城市")
PY
kill "\$(cat "$WORK/gunicorn.pid")"
SCRIPT

if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
  unshare -n sh "$WORK/offline.sh"
else
  echo "注意:非 root,无法创建隔离网络;仅以 pip --no-index 保证离线安装"
  sh "$WORK/offline.sh"
fi
