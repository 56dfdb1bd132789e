#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers (fuzz/): builds the fuzz targets in
# the `asan` preset (clang, libFuzzer, AddressSanitizer + UBSan; the same
# build the sanitized tests use) and runs each target for SECONDS_PER_TARGET
# seconds, one after another, on a work corpus under
# build/asan/corpus-work/ that starts from the committed seeds and keeps what
# earlier runs found. Fails when any target crashes, leaks or times out, and
# prints the input that did it.
#
#   bash deploy/fuzz.sh [SECONDS_PER_TARGET=60] [TARGET...]
#
# Targets: mail_reader smtp_session chat_channels form_data config profile
# import_table ask matcher (all when none are named). CAREERBOT_FUZZ_JOBS sets
# the build's parallelism (default: every core).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: deploy/fuzz.sh [SECONDS_PER_TARGET=60] [TARGET...]" >&2
  exit 2
fi

# The largest input each parser is given: above its limits in production
# where there is one (4000-byte questions, 4096-byte test messages, 12288-byte
# AUTH lines), small enough to keep executions fast.
declare -A max_len=(
  [mail_reader]=16384
  [smtp_session]=16384
  [chat_channels]=8192
  [form_data]=8192
  [config]=8192
  [profile]=8192
  [import_table]=8192
  [ask]=8192
  [matcher]=4096
)
# The targets built on the service (a store, conversations, metrics) keep
# state between inputs, as the server does between requests: an input then
# allocates more than it frees, and libFuzzer's leak check after every such
# input (a scan of the whole heap) would cost more than the input. Their
# leaks are still caught, by LeakSanitizer when the run ends.
#
# Where long inputs are the point (long lines and many pipelined commands
# over SMTP, very long words and many questions in one message), inputs may
# be as long as max_len from the start instead of growing slowly.
# The JSON readers get JSON's tokens as a dictionary.
declare -A extra_flags=(
  [chat_channels]="-detect_leaks=0 -dict=fuzz/json.dict"
  [ask]="-detect_leaks=0 -len_control=0 -dict=fuzz/json.dict"
  [smtp_session]="-len_control=0"
  [matcher]="-len_control=0"
  [config]="-dict=fuzz/json.dict"
  [profile]="-dict=fuzz/json.dict"
)
all_targets=(mail_reader smtp_session chat_channels form_data config profile import_table ask
  matcher)

[ $# -gt 0 ] || set -- "${all_targets[@]}"
targets=()
for t in "$@"; do
  t="${t%_fuzz}"
  if [ -z "${max_len[$t]:-}" ]; then
    echo "fuzz: unknown target '$t' (known: ${all_targets[*]})" >&2
    exit 2
  fi
  targets+=("$t")
done

echo "fuzz: building (preset asan, targets only)"
cmake --preset asan >/dev/null
cmake --build --preset fuzz -j "${CAREERBOT_FUZZ_JOBS:-$(nproc)}"

build=build/asan
mkdir -p "$build/corpus-work" "$build/artifacts" "$build/logs"
# Scratch space for the targets (a store, config files, uploads): a tmpfs
# when there is one with room (a container's is often 64 MB; the chat
# target's store grows by every message it accepts), removed at the end
# whatever happens.
scratch_parent=/dev/shm
if [ ! -w "$scratch_parent" ] ||
  [ "$(df -Pk "$scratch_parent" | awk 'NR == 2 { print $4 }')" -lt $((512 * 1024)) ]; then
  scratch_parent="$build"
fi
scratch="$(mktemp -d "$scratch_parent/careerbot-fuzz.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
export CAREERBOT_FUZZ_SCRATCH="$scratch" TMPDIR="$scratch"
export ASAN_OPTIONS="detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

results=()
failed=0
for t in "${targets[@]}"; do
  work="$build/corpus-work/$t"
  log="$build/logs/$t.log"
  mkdir -p "$work" "$build/artifacts/$t"
  cp -n fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
  echo "== fuzz $t: ${seconds} s, max_len ${max_len[$t]}"
  status=0
  "$build/fuzz/${t}_fuzz" "$work" -max_total_time="$seconds" -max_len="${max_len[$t]}" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 ${extra_flags[$t]:-} \
    -artifact_prefix="$build/artifacts/$t/" >"$log" 2>&1 || status=$?

  execs="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  last="$(grep -E '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)"
  cov="$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$last")"
  ft="$(sed -E 's/.*ft: ([0-9]+).*/\1/' <<<"$last")"
  artifact="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)"
  if [ "$status" -eq 0 ]; then
    result="ok"
  else
    failed=1
    # "SUMMARY: AddressSanitizer: heap-buffer-overflow ...", "... 48 byte(s)
    # leaked ...", "UndefinedBehaviorSanitizer: undefined-behavior ...",
    # "libFuzzer: timeout"; an uncaught exception also says what it was.
    kind="$(sed -n 's/^SUMMARY: //p' "$log" | head -1 | cut -c1-90)"
    thrown="$(sed -n 's/^ *what(): *//p' "$log" | head -1 | cut -c1-90)"
    result="FAILED (exit $status${kind:+: $kind}${thrown:+; threw: $thrown})"
    echo "---- $t: last lines of $log"
    tail -n 60 "$log"
    echo "---- $t: input: ${artifact:-none written}"
    [ -n "$artifact" ] && echo "---- reproduce: $build/fuzz/${t}_fuzz $artifact"
  fi
  results+=("$(printf '%-14s %10s %8s %8s  %s' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$result")")
done

echo
printf '%-14s %10s %8s %8s  %s\n' target exec/s cov ft result
printf '%s\n' "${results[@]}"
exit "$failed"
