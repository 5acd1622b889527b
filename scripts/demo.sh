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

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

step newsmon --help
step newsmon crawl --config "$config"
step newsmon stats --config "$config"
step newsmon search --config "$config" "thanh pho hoc tap"
step newsmon search --config "$config" '"lernende Stadt" OR lernstadt* OR "learning city"' --limit 5
step newsmon export --config "$config" --format jsonl --out "$demo_dir/stories.jsonl"
echo
echo "First exported story:"
head -n 1 "$demo_dir/stories.jsonl" | python -c 'import json,sys; r=json.loads(sys.stdin.read()); r["text"]=r["text"][:300]+"…"; print(json.dumps(r, ensure_ascii=False, indent=2))'
step newsmon match --config "$config"
step newsmon search --config "$config" --topic learning-city --limit 5
step newsmon stats --config "$config" --topic learning-city --by week --plot "$demo_dir/learning-city.svg"
step newsmon export --config "$config" --format parquet --query '"thanh pho hoc tap" OR "learning city"' --out "$demo_dir/learning-city.parquet"
step newsmon digest preview demo@example.org --config "$config" --html "$demo_dir/digest.html"
echo
echo "Demo archive: $demo_dir/newsmon.db   config: $config   digest (HTML): $demo_dir/digest.html"
echo "Trend chart: $demo_dir/learning-city.svg   Parquet: $demo_dir/learning-city.parquet"
echo "Browse it:   .venv/bin/newsmon serve --config $config   (http://127.0.0.1:8080/)"
