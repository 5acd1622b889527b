#!/usr/bin/env bash
# The demo: serve the fixture news world on 127.0.0.1, crawl it into a fresh
# SQLite archive, then show what a user sees. No internet needed.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
export PATH="$PWD/$VENV/bin:$PATH"

demo_dir=data/demo
rm -rf "$demo_dir" && mkdir -p "$demo_dir"
config="$demo_dir/newsmon.toml"
ready="$demo_dir/world.ready"

python -m fixtureworld serve --config-out "$config" \
  --database-url "sqlite:///$demo_dir/newsmon.db" --ready-file "$ready" \
  > "$demo_dir/world.log" 2>&1 &
world_pid=$!
trap 'kill $world_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -f "$ready" ] && break; sleep 0.1; done
[ -f "$ready" ] || { echo "fixture world did not start; see $demo_dir/world.log" >&2; exit 1; }

# Show each command as it could be pasted into a shell (quoted where needed), then run it.
shown() {
  local out="" arg
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./:=@,+-]+$ ]]; then out+=" $arg"; else out+=" '${arg//\'/\'\\\'\'}'"; fi
  done
  printf '\n\033[1m$%s\033[0m\n' "$out"
}
step() { shown "$@"; "$@"; }

step newsmon --help
echo
echo "The fixture world has traps a crawler must survive (a page slower than the timeout,"
echo "an 8 MB page, a dead link): the warnings about them below are expected."
step newsmon crawl --config "$config"
step newsmon stats --config "$config"
step newsmon search --config "$config" "thanh pho hoc tap"
step newsmon search --config "$config" '"lernende Stadt" OR lernstadt* OR "learning city"' --limit 5
step newsmon export --config "$config" --format jsonl --out "$demo_dir/stories.jsonl"
echo
echo "First exported story:"
head -n 1 "$demo_dir/stories.jsonl" | python -c 'import json,sys; r=json.loads(sys.stdin.read()); r["text"]=r["text"][:300]+"…"; print(json.dumps(r, ensure_ascii=False, indent=2))'

# The main job: the daemon crawls on its schedule and mails the digests by itself.
# (The demo subscriber gets every matching story at once; mail goes to .eml files.)
sed -i -e 's/^cadence = "daily"/cadence = "immediate"/' \
  -e "s#^outbox_dir = .*#outbox_dir = \"$demo_dir/outbox\"#" "$config"
printf '\n[daemon]\nhttp_port = 0\n\n[alerts]\ncycle_interval = 5\n' >> "$config"
printf '\n\033[1m$ newsmon run --config %s &\033[0m\n' "$config"
newsmon run --config "$config" > "$demo_dir/daemon.log" 2>&1 &
daemon_pid=$!
trap 'kill $daemon_pid $world_pid 2>/dev/null || true' EXIT
sent() { newsmon status --config "$config" --json | python -c 'import json,sys; print(json.load(sys.stdin)["mail"]["sent"])'; }
for _ in $(seq 1 60); do [ "$(sent)" -gt 0 ] && break; sleep 1; done
[ "$(sent)" -gt 0 ] || { echo "the daemon sent no digest; see $demo_dir/daemon.log" >&2; exit 1; }
step newsmon status --config "$config"
kill -TERM "$daemon_pid" && wait "$daemon_pid"
echo
echo "The digest the daemon sent:"
python - "$demo_dir" <<'PY'
import sys
from email import message_from_binary_file, policy
from pathlib import Path
demo = Path(sys.argv[1])
with next(iter(sorted((demo / "outbox").glob("*.eml")))).open("rb") as f:
    message = message_from_binary_file(f, policy=policy.default)
print(f"To: {message['To']}\nSubject: {message['Subject']}\n")
print("\n".join(message.get_body(("plain",)).get_content().splitlines()[:14]) + "\n…")
(demo / "digest.html").write_text(message.get_body(("html",)).get_content(), "utf-8")
PY
step newsmon search --config "$config" --topic learning-city --limit 5
step newsmon stats --config "$config" --topic learning-city --by week --plot "$demo_dir/learning-city.svg"
step newsmon export --config "$config" --format parquet --query '"thanh pho hoc tap" OR "learning city"' --out "$demo_dir/learning-city.parquet"
echo
echo "Demo archive: $demo_dir/newsmon.db   config: $config   digest (HTML): $demo_dir/digest.html"
echo "Mail sent by the daemon: $demo_dir/outbox/   its log: $demo_dir/daemon.log"
echo "Trend chart: $demo_dir/learning-city.svg   Parquet: $demo_dir/learning-city.parquet"
echo "Browse it:   .venv/bin/newsmon serve --config $config   (http://127.0.0.1:8080/)"
