#!/usr/bin/env bash
# THE test command (`npm test`): every quality gate and every test suite, in order, failing fast.
#
#   bash scripts/test.sh                 all steps
#   bash scripts/test.sh lint unit       only the named steps (names as printed in the summary)
#
# It first makes sure the system packages the suites need are present: PostgreSQL (integration tests on the real
# server), Chromium (browser tests) and dnsmasq. As root it installs what is missing with apt-get; otherwise it says
# what to install and stops. No suite is ever skipped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [[ -t 1 ]]; then
  bold=$'\e[1m' red=$'\e[31m' green=$'\e[32m' dim=$'\e[2m' reset=$'\e[0m'
else
  bold='' red='' green='' dim='' reset=''
fi

# ---------------------------------------------------------------------------------------------------------------
# System packages
# ---------------------------------------------------------------------------------------------------------------
missing_packages() {
  local missing=()
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  command -v dnsmasq >/dev/null 2>&1 || [[ -x /usr/sbin/dnsmasq ]] || missing+=(dnsmasq-base)
  echo "${missing[@]}"
}

provision() {
  local missing
  missing=$(missing_packages)
  [[ -z "$missing" ]] && return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "${red}${bold}Missing system packages: ${missing}${reset}" >&2
    echo "The test suites need them (none is skipped). Install them, then run the tests again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y postgresql chromium dnsmasq-base" >&2
    exit 1
  fi
  echo "${bold}Installing system packages: ${missing}${reset}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql chromium dnsmasq-base >/dev/null
  missing=$(missing_packages)
  if [[ -n "$missing" ]]; then
    echo "${red}${bold}Still missing after apt-get install: ${missing}${reset}" >&2
    exit 1
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------------------------------------------
has_script() {
  node -e "process.exit(require('./package.json').scripts?.[process.argv[1]] ? 0 : 1)" "$1"
}

STEPS=(
  'typecheck:npm run typecheck'
  'typecheck-web:npm run typecheck:web'
  'lint:npm run lint'
  'format:npm run format:check'
  'knip:npm run knip'
  'api-contract:npm run api:check'
  'unit:npm run test:unit'
  'integration-pglite:npm run test:integration:pglite'
  'integration-postgres:npm run test:integration:postgres'
  'node24:npm run test:node24'
  'build:npm run build'
  'e2e:npm run test:e2e'
)

declare -a summary=()
started_all=$SECONDS

print_summary() {
  local total=$((SECONDS - started_all))
  echo
  echo "${bold}Summary${reset}"
  for line in "${summary[@]}"; do echo "  $line"; done
  printf '  %-22s %5ss\n' 'total' "$total"
}

run_step() {
  local name=$1 command=$2
  local script=${command#npm run }
  if [[ $command == npm\ run\ * ]] && ! has_script "$script"; then
    echo "${red}${bold}step ${name}: package.json has no \"${script}\" script${reset}" >&2
    summary+=("$(printf '%-22s %6s  %s' "$name" '-' "${red}FAILED (no script ${script})${reset}")")
    print_summary
    exit 1
  fi
  echo
  echo "${bold}==================================================================================${reset}"
  echo "${bold}== ${name}: ${command}${reset}"
  echo "${bold}==================================================================================${reset}"
  local start=$SECONDS status=0
  bash -c "$command" || status=$?
  local elapsed=$((SECONDS - start))
  if [[ $status -ne 0 ]]; then
    summary+=("$(printf '%-22s %5ss  %s' "$name" "$elapsed" "${red}FAILED (exit ${status})${reset}")")
    echo "${red}${bold}== ${name} FAILED after ${elapsed}s${reset}" >&2
    print_summary
    exit "$status"
  fi
  summary+=("$(printf '%-22s %5ss  %s' "$name" "$elapsed" "${green}ok${reset}")")
  echo "${green}== ${name} ok (${elapsed}s)${reset}"
}

selected=("$@")
for arg in "${selected[@]}"; do
  known=0
  for step in "${STEPS[@]}"; do [[ ${step%%:*} == "$arg" ]] && known=1; done
  if [[ $known -eq 0 ]]; then
    echo "unknown step '${arg}'; steps: $(for s in "${STEPS[@]}"; do printf '%s ' "${s%%:*}"; done)" >&2
    exit 2
  fi
done

is_selected() {
  [[ ${#selected[@]} -eq 0 ]] || [[ " ${selected[*]} " == *" $1 "* ]]
}

command_of() {
  local step
  for step in "${STEPS[@]}"; do
    if [[ ${step%%:*} == "$1" ]]; then echo "${step#*:}"; fi
  done
}

# The static gates read the sources and write nothing, so they run in two lanes at once (each lane in order, its
# output kept until the step ends): about 100 s less on two cores. Lanes pair a long step with short ones.
STATIC_LANES=('typecheck lint knip' 'typecheck-web format api-contract')
lane_dir=$(mktemp -d)
trap 'rm -rf "$lane_dir"' EXIT

run_lane() {
  local name command start status
  for name in "$@"; do
    is_selected "$name" || continue
    command=$(command_of "$name")
    start=$SECONDS
    status=0
    bash -c "$command" >"$lane_dir/$name.log" 2>&1 || status=$?
    echo "$status $((SECONDS - start)) $command" >"$lane_dir/$name.result"
    [[ $status -eq 0 ]] || return 0
  done
}

run_static_gates() {
  local lane pids=() name status elapsed command failed=0
  for lane in "${STATIC_LANES[@]}"; do
    # shellcheck disable=SC2086 # a lane is a list of step names
    run_lane $lane &
    pids+=($!)
  done
  wait "${pids[@]}" || true
  for step in "${STEPS[@]}"; do
    name=${step%%:*}
    [[ -f $lane_dir/$name.result ]] || continue
    read -r status elapsed command <"$lane_dir/$name.result"
    echo
    echo "${bold}==================================================================================${reset}"
    echo "${bold}== ${name}: ${command}${reset}"
    echo "${bold}==================================================================================${reset}"
    cat "$lane_dir/$name.log"
    if [[ $status -ne 0 ]]; then
      summary+=("$(printf '%-22s %5ss  %s' "$name" "$elapsed" "${red}FAILED (exit ${status})${reset}")")
      echo "${red}${bold}== ${name} FAILED after ${elapsed}s${reset}" >&2
      failed=$status
    else
      summary+=("$(printf '%-22s %5ss  %s' "$name" "$elapsed" "${green}ok${reset}")")
      echo "${green}== ${name} ok (${elapsed}s)${reset}"
    fi
  done
  if [[ $failed -ne 0 ]]; then
    print_summary
    exit "$failed"
  fi
}

provision

run_static_gates
for step in "${STEPS[@]}"; do
  name=${step%%:*}
  [[ " ${STATIC_LANES[*]} " == *" ${name} "* ]] && continue
  is_selected "$name" || continue
  run_step "$name" "${step#*:}"
done

print_summary
echo "${green}${bold}All steps passed.${reset}"
