#!/usr/bin/env bash
# Latency and fan-out of trustboard built at two commits, measured by this checkout's harness, before and after
# alternated (one repeat each, BENCH_COMPARE_ROUNDS times), written to bench/results/ and side by side into
# docs/performance.md ("Before and after"). docs/performance.md, "Comparing two commits", says more.
#
#   bench/compare-commits.sh [before] [after]
#
# before: a commit (default 22e8937, main before the collaboration server's restructuring), built in a temporary
# worktree. after: a commit built the same way, or nothing for this checkout as it is (run `npm run build` first).
# BENCH_COMPARE_ROUNDS (default 3), BENCH_COMPARE_WORKLOADS (default latency,fanout), BENCH_COMPARE_TARGETS
# (default trustboard); every BENCH_* size of `npm run bench` applies, and so does --server-cores via
# BENCH_SERVER_CORES.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
before="${1:-22e8937}"
after="${2:-}"
rounds="${BENCH_COMPARE_ROUNDS:-3}"
workloads="${BENCH_COMPARE_WORKLOADS:-latency,fanout}"
targets="${BENCH_COMPARE_TARGETS:-trustboard}"
# Inside node_modules: the same file system, so the dependencies can be hard-linked rather than copied.
work="$root/node_modules/.cache/trustboard-compare/$$"
mkdir -p "$work"

cleanup() {
	for dir in "$work"/*/; do
		[ -d "$dir" ] && git -C "$root" worktree remove --force "$dir" >/dev/null 2>&1 || true
	done
	rm -rf "$work"
	git -C "$root" worktree prune
}
trap cleanup EXIT

# Checks out and builds a commit in a temporary worktree with this checkout's dependencies; prints its path.
build_commit() {
	local commit="$1" dir="$work/$1"
	git -C "$root" worktree add --detach "$dir" "$commit" >&2
	mkdir "$dir/node_modules"
	# All but .cache, which holds this very work directory (and the bench's copies of builds).
	find "$root/node_modules" -mindepth 1 -maxdepth 1 ! -name .cache -exec cp -al {} "$dir/node_modules/" \;
	echo "building $commit" >&2
	(cd "$dir" && npm run build >"$work/build-$commit.log" 2>&1) || {
		tail -20 "$work/build-$commit.log" >&2
		exit 1
	}
	echo "$dir"
}

before_dir="$(build_commit "$before")"
if [ -n "$after" ]; then
	after_dir="$(build_commit "$after")"
else
	after_dir="$root"
	if [ ! -f "$root/build/server.js" ]; then
		echo "no build in $root: run npm run build first" >&2
		exit 1
	fi
fi

# One repeat of the workloads on one build; prints the results file it wrote.
run_once() {
	local dir="$1" log="$work/run.log"
	(cd "$root" && BENCH_REPEATS=1 BENCH_TRUSTBOARD_DIR="$dir" npx tsx bench/run.ts \
		--targets="$targets" --workloads="$workloads" --no-report | tee "$log" >&2)
	grep '^results: ' "$log" | tail -1 | sed 's/^results: //'
}

before_files=()
after_files=()
for round in $(seq 1 "$rounds"); do
	echo "round $round of $rounds: $before" >&2
	before_files+=("$(run_once "$before_dir")")
	echo "round $round of $rounds: ${after:-this checkout}" >&2
	after_files+=("$(run_once "$after_dir")")
done

join() {
	local IFS=,
	echo "$*"
}
(cd "$root" && npx tsx bench/compare.ts "$(join "${before_files[@]}")" "$(join "${after_files[@]}")")
