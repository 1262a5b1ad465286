#!/bin/bash
# Real X11 windows of the frozen builds, for docs/screenshots/packaging-*.png (run by hand
# after `./dev build` and `./dev build --onefile`; needs Xvfb and xdotool).
#
# Each shot starts the bundle on its own Xvfb screen (1280x800) with a fresh home, waits for
# the first view, optionally clicks one navigation entry, and grabs the whole screen with Qt
# from the dev venv (the bundle itself is not modified or scripted).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/screenshots}
mkdir -p "$OUT"
ONEDIR=build/dist/lmdesk/lmdesk
ONEFILE=build/dist/onefile/lmdesk
#: y of the "PK curves" entry in the navigation list of a 1280x800 window
PK_NAV_Y=87

shot() {  # shot EXE LANG NAV_Y WAIT_S FILE
  local exe=$1 lang=$2 nav_y=$3 wait_s=$4 file=$5 n=57
  while [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done  # a free display
  local display=:$n home
  home=$(mktemp -d /tmp/lmdesk-frozen-XXXXXX)
  Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
  local xvfb=$!
  trap 'kill "$xvfb" 2>/dev/null || true' RETURN
  sleep 1
  DISPLAY=$display QT_QPA_PLATFORM=xcb HOME=$home XDG_DATA_HOME=$home/data \
    XDG_CONFIG_HOME=$home/config "$exe" --lang "$lang" >"$home/app.log" 2>&1 &
  local app=$!
  sleep "$wait_s"
  if [ "$nav_y" != 0 ]; then
    DISPLAY=$display xdotool mousemove 60 "$nav_y" click 1
    sleep 8
  fi
  DISPLAY=$display QT_QPA_PLATFORM=xcb .venv/bin/python -c '
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
if not app.primaryScreen().grabWindow(0).save(sys.argv[1], "PNG"):
    sys.exit("could not write " + sys.argv[1])
' "$file"
  kill "$app" 2>/dev/null || true
  sleep 1
  rm -rf "$home"
  echo "$file"
}

shot "$ONEDIR" en 0 15 "$OUT/packaging-onedir-drugs-en.png"
shot "$ONEDIR" zh_CN "$PK_NAV_Y" 15 "$OUT/packaging-onedir-pk-zh_CN.png"
shot "$ONEFILE" zh_CN 0 30 "$OUT/packaging-onefile-drugs-zh_CN.png"
