#!/usr/bin/env bash
# The Dockerfile's build stage, run without docker: an empty folder stands for the stage's file system, the
# stage's COPY lines copy into it exactly what they name from the build context (the repository less
# .dockerignore), and its RUN lines (the `dotnet publish`) run there — output paths moved under the folder.
# A file the build needs that the Dockerfile does not copy (.editorconfig, issue 23) fails here as it fails
# in `docker build`. The lines are read from the Dockerfile itself, so the check and the image cannot drift.
# .ci/run runs it before the tests; locally: scripts/check-dockerfile-build.sh
# Exit 0 when the build succeeds; otherwise the last line says "Dockerfile build failed".
set -uo pipefail
cd "$(dirname "$0")/.."

stage=${DOCKERFILE_STAGE:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
context=$work/context # the build context
root=$work/root       # "/" of the build stage

failed() {
  echo "$1"
  echo "Dockerfile build failed"
  exit 1
}

# The build context: what `docker build .` sends, i.e. the repository less the .dockerignore patterns
# ("**/x" anywhere, anything else from the context's root; "*" does not cross "/"). GNU tar's options
# apply to the --exclude options after them.
excludes=(--no-wildcards-match-slash)
if [ -f .dockerignore ]; then
  while IFS= read -r pattern || [ -n "$pattern" ]; do
    pattern=$(printf '%s' "$pattern" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')
    case "$pattern" in
      '' | '#'*) continue ;;
      '!'*) failed ".dockerignore exception '$pattern' is not supported by scripts/check-dockerfile-build.sh" ;;
    esac
    pattern=${pattern#/}
    pattern=${pattern%/}
    if [[ $pattern == '**/'* ]]; then
      excludes+=(--no-anchored "--exclude=${pattern#'**/'}")
    else
      excludes+=(--anchored "--exclude=$pattern")
    fi
  done < .dockerignore
fi
mkdir -p "$context" "$root"
shopt -s dotglob nullglob
entries=(*)
shopt -u dotglob nullglob
tar -c "${excludes[@]}" -f - "${entries[@]}" | tar -x -C "$context" || failed "Could not copy the build context."

# The stage's instructions, one per line (continuation lines joined): from "FROM … AS <stage>" to the next FROM.
instructions=$(awk -v stage="$stage" '
  /^[[:space:]]*#/ && line == "" { next }
  {
    text = $0
    if (sub(/\\[[:space:]]*$/, "", text)) { line = line text " "; next }
    line = line text
    if (line ~ /^[[:space:]]*$/) { line = ""; next }
    keyword = toupper(line); sub(/[[:space:]].*/, "", keyword); sub(/^[[:space:]]+/, "", keyword)
    if (keyword == "FROM") { n = split(line, w, /[[:space:]]+/); inside = (n >= 4 && toupper(w[n - 1]) == "AS" && w[n] == stage) }
    else if (inside) print line
    line = ""
  }' Dockerfile)
[ -n "$instructions" ] || failed "The Dockerfile has no stage named '$stage'."

workdir=/
runs=0
while IFS= read -r instruction; do
  read -r keyword rest <<< "$instruction"
  case "${keyword^^}" in
    WORKDIR)
      [[ $rest == /* ]] && workdir=$rest || workdir=$workdir/$rest
      mkdir -p "$root$workdir"
      ;;
    ENV)
      # ENV KEY=VALUE … (no quotes or spaces inside values).
      for assignment in $rest; do export "${assignment?}"; done
      ;;
    COPY)
      read -ra words <<< "$rest"
      while [[ ${words[0]} == --* ]]; do
        [[ ${words[0]} == --from=* ]] && failed "COPY ${words[0]} in the '$stage' stage is not supported by scripts/check-dockerfile-build.sh"
        words=("${words[@]:1}") # --chown, --chmod, --link: no effect on what is built
      done
      destination=${words[-1]}
      sources=("${words[@]:0:${#words[@]}-1}")
      [[ $destination == /* ]] && target=$root$destination || target=$root$workdir/$destination
      for source in "${sources[@]}"; do
        matches=("$context"/$source)
        [ -e "${matches[0]}" ] || failed "COPY $source: not in the build context (missing, or left out by .dockerignore)."
        for match in "${matches[@]}"; do
          if [ -d "$match" ]; then
            mkdir -p "$target" && cp -a "$match"/. "$target"/
          elif [[ $destination == */ || ${#sources[@]} -gt 1 ]]; then
            mkdir -p "$target" && cp -a "$match" "$target"/
          else
            mkdir -p "$(dirname "$target")" && cp -a "$match" "$target"
          fi
        done
      done
      echo "COPY ${sources[*]} -> $destination"
      ;;
    RUN)
      # Output paths (-o /app) go under the stage's folder instead of this machine's root.
      command=$(printf '%s' "$rest" | sed -E "s#(^|[[:space:]])(-o|--output)[[:space:]]+/#\\1\\2 $root/#g")
      echo "RUN $rest"
      (cd "$root$workdir" && sh -c "$command") || failed "RUN $rest: failed (above)."
      runs=$((runs + 1))
      ;;
    *)
      failed "$keyword in the '$stage' stage is not supported by scripts/check-dockerfile-build.sh"
      ;;
  esac
done <<< "$instructions"

[ "$runs" -gt 0 ] || failed "The '$stage' stage runs nothing."
echo "Dockerfile build succeeded (stage '$stage', without docker)."
