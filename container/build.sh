#!/usr/bin/env bash
# Builds the ml-pipeline image with podman on a machine that cannot pull from a registry, runs it,
# and checks it: /health answers 200, the image's own HEALTHCHECK passes, it runs as a non-root
# user, a whole job runs inside it (the demo), and SIGTERM stops it within 30 seconds.
#
# The two base images come from Debian's packages, made with debootstrap and imported once:
#   localhost/ml-pipeline-build-base  Debian + JDK 17 + Maven + Node.js and npm (the Dockerfile's BUILD_IMAGE)
#   localhost/ml-pipeline-jre-base    Debian + Java 17 runtime  (its RUNTIME_IMAGE)
# With a registry at hand, skip this script: `docker build -t ml-pipeline .` uses public images.
#
# Needs root, podman, runc and debootstrap (apt-get install podman runc debootstrap). Usage:
#   container/build.sh [--rebuild-bases] [--port 15002] [--no-run]
set -euo pipefail
cd "$(dirname "$0")/.."

suite=bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
image=localhost/ml-pipeline:latest
build_base=localhost/ml-pipeline-build-base:$suite
jre_base=localhost/ml-pipeline-jre-base:$suite
port=15002
rebuild=false
run=true
while [ $# -gt 0 ]; do
    case "$1" in
        --rebuild-bases) rebuild=true ;;
        --port) port=$2; shift ;;
        --no-run) run=false ;;
        *) echo "usage: $0 [--rebuild-bases] [--port N] [--no-run]" >&2; exit 2 ;;
    esac
    shift
done

say() { printf '\n== %s\n' "$*"; }

# crun fails on this kind of host and default ulimits cannot be set in a nested container: use a
# configuration of our own rather than editing /etc/containers
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/containers.conf" <<'CONF'
[containers]
default_ulimits = []
[engine]
runtime = "runc"
CONF
export CONTAINERS_CONF="$work/containers.conf"

# debootstrap a minimal Debian with the given packages and import it as an image
make_base() {
    local name=$1 packages=$2 root="$work/rootfs-${1//[^a-z]/}"
    say "making $name from Debian $suite ($packages)"
    debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" > "$work/debootstrap.log" 2>&1 \
        || { tail -20 "$work/debootstrap.log"; exit 1; }
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -c . | podman import --change 'CMD ["/bin/bash"]' - "$name" > /dev/null
    rm -rf "$root"
}
if $rebuild || ! podman image exists "$jre_base"; then
    make_base "$jre_base" openjdk-17-jre-headless,ca-certificates,passwd
fi
if $rebuild || ! podman image exists "$build_base"; then
    make_base "$build_base" openjdk-17-jdk-headless,maven,ca-certificates,nodejs,npm
fi

say "building $image"
# the host's Maven repository, read-only, so that the build needs no network when it holds everything
m2=${MAVEN_REPO:-$HOME/.m2}
offline=""
if [ -d "$m2/repository" ]; then
    offline="-o"
fi
# the host's certificate authorities, for npm behind a TLS-inspecting proxy (as on this project's machine)
ca_args=()
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    ca_args=(--volume /etc/ssl/certs/ca-certificates.crt:/host-ca/ca-certificates.crt:ro
        --build-arg NODE_EXTRA_CA_CERTS=/host-ca/ca-certificates.crt)
fi
started=$(date +%s)
# the docker format keeps HEALTHCHECK (OCI images have no field for it)
podman build --format docker --network host -t "$image" \
    --build-arg BUILD_IMAGE="$build_base" --build-arg RUNTIME_IMAGE="$jre_base" \
    --build-arg MAVEN_OPTS_EXTRA="$offline -Dmaven.repo.local=/m2/repository" \
    --volume "$m2:/m2:ro" "${ca_args[@]}" .
echo "built in $(( $(date +%s) - started )) s; $(podman image inspect "$image" --format '{{.Size}}' \
    | awk '{printf "%.0f MiB", $1 / 1048576}')"
$run || exit 0

name=ml-pipeline-check
podman rm -f "$name" > /dev/null 2>&1 || true
say "running it on port $port (embedded database, host network)"
# no systemd here to time the HEALTHCHECK: it is run by hand below instead
podman run -d --name "$name" --network host --health-interval disable -e PORT="$port" "$image" > /dev/null
cleanup() { podman rm -f "$name" > /dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

deadline=$(( $(date +%s) + 120 ))
until curl -fsS "http://127.0.0.1:$port/health" > "$work/health.json" 2>/dev/null; do
    if [ "$(date +%s)" -gt "$deadline" ] || [ "$(podman inspect -f '{{.State.Running}}' "$name")" != true ]; then
        podman logs "$name" | tail -30
        echo "FAIL: /health did not answer 200 within 120 s" >&2
        exit 1
    fi
    sleep 1
done
echo "/health: $(cat "$work/health.json")"
curl -fsS "http://127.0.0.1:$port/" | grep -q '/dashboard/app.js' \
    && curl -fsS -o /dev/null "http://127.0.0.1:$port/dashboard/app.js" \
    || { echo "FAIL: the dashboard is not served from the image" >&2; exit 1; }
echo "the dashboard and its bundle are served"

say "checks"
user=$(podman exec "$name" id -u)
[ "$user" != 0 ] || { echo "FAIL: the service runs as root" >&2; exit 1; }
echo "runs as uid $user"
podman healthcheck run "$name" > /dev/null || { echo "FAIL: the image's HEALTHCHECK failed" >&2; exit 1; }
if podman exec "$name" java -jar /app/ml-pipeline.jar health --url http://127.0.0.1:1/health > /dev/null; then
    echo "FAIL: the health probe passes with no service to ask" >&2
    exit 1
fi
echo "HEALTHCHECK passes, and its probe fails where no service answers"
podman exec -w /tmp -e PORT= -e DATA_DIR= -e UPLOAD_DIR=/tmp/demo-uploads "$name" \
    java -jar /app/ml-pipeline.jar demo > "$work/demo.txt" 2>&1 \
    || { tail -30 "$work/demo.txt"; echo "FAIL: the demo job did not complete in the image" >&2; exit 1; }
echo "a whole job ran in the image: $(grep -m1 -i 'completed' "$work/demo.txt" || tail -1 "$work/demo.txt")"

started=$(date +%s%N)
podman stop -t 30 "$name" > /dev/null
took=$(( ($(date +%s%N) - started) / 1000000 ))
code=$(podman inspect -f '{{.State.ExitCode}}' "$name")
echo "SIGTERM: stopped in $took ms, exit code $code"
[ "$took" -lt 30000 ] || { echo "FAIL: it took 30 s or more to stop" >&2; exit 1; }
say "OK: $image builds, starts, is healthy, runs a job as a non-root user and stops on SIGTERM"
