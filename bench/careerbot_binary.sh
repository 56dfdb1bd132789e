# Sourced by the benchmarks, from the checkout's top: sets `bin`, the
# careerbot to measure. CAREERBOT_BIN if given (another build, e.g. an older
# commit's, for before and after), else this checkout's release build, built
# now.
if [ -n "${CAREERBOT_BIN:-}" ]; then
  bin=$CAREERBOT_BIN
else
  cmake --preset release >/dev/null
  cmake --build --preset release --target careerbot >/dev/null
  bin=build/release/bot/app/careerbot
fi
