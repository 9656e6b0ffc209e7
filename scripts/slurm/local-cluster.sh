#!/usr/bin/env bash
# A one-node SLURM cluster on this machine, for the sharded pre-label test (main/cli/slurm-built.test.ts)
# and the benchmark (npm run bench:slurm). Run as root on Debian 12 with the packages installed:
#   apt-get install -y slurmctld slurmd slurm-client munge
#   scripts/slurm/local-cluster.sh start    # munged, slurmctld, slurmd; waits until the node is idle
#   scripts/slurm/local-cluster.sh status   # what runs, and sinfo
#   scripts/slurm/local-cluster.sh stop     # kills the daemons it started, removes its state and slurm.conf
# It installs nothing and needs no systemd: the daemons run in the background, their state, logs and pid
# files under $PRELABEL_SLURM_DIR (default /var/spool/prelabel-slurm). It writes /etc/slurm/slurm.conf
# (where sbatch, squeue and sinfo look) and refuses to replace one that it did not write. Both are idempotent:
# start on a running cluster only checks it, stop on a stopped one does nothing.
set -euo pipefail

STATE="${PRELABEL_SLURM_DIR:-/var/spool/prelabel-slurm}"
CONF=/etc/slurm/slurm.conf
MARK='# Written by Prelabel scripts/slurm/local-cluster.sh'
MUNGE_RUN=/run/munge
MUNGE_PID="$MUNGE_RUN/munged.pid"
WAIT_S="${PRELABEL_SLURM_WAIT_S:-60}"

die() {
  echo "local-cluster: $*" >&2
  exit 1
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

need() {
  [ "$(id -u)" = 0 ] || die "run as root (it starts munged as munge and slurmctld/slurmd as root)"
  local missing=()
  for c in munged slurmctld slurmd sbatch sinfo scontrol; do
    command -v "$c" >/dev/null || [ -x "/usr/sbin/$c" ] || missing+=("$c")
  done
  [ ${#missing[@]} = 0 ] || die "missing ${missing[*]}: apt-get install -y slurmctld slurmd slurm-client munge"
  id munge >/dev/null 2>&1 || die "no user munge: apt-get install -y munge"
  id slurm >/dev/null 2>&1 || die "no user slurm: apt-get install -y slurmctld"
  export PATH="$PATH:/usr/sbin:/sbin"
}

node_idle() { sinfo -h -N -o '%T' 2>/dev/null | grep -qx 'idle'; }

start_munge() {
  install -d -m 0700 -o munge -g munge /etc/munge
  if [ ! -s /etc/munge/munge.key ]; then
    if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key --force
    else dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; fi
  fi
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
  install -d -m 0755 -o munge -g munge "$MUNGE_RUN" /var/log/munge /var/lib/munge
  if alive "$MUNGE_PID"; then return; fi
  runuser -u munge -- munged --pid-file="$MUNGE_PID"
  for _ in $(seq 50); do munge -n </dev/null | unmunge >/dev/null 2>&1 && return; sleep 0.1; done
  die "munged did not answer (see /var/log/munge/munged.log)"
}

write_conf() {
  if [ -f "$CONF" ] && ! grep -qF "$MARK" "$CONF"; then
    die "$CONF exists and was not written by this script: move it away first"
  fi
  local host node
  host="$(hostname -s)"
  # slurmd -C: NodeName=vm CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2 ThreadsPerCore=1 RealMemory=24105
  node="$(slurmd -C | head -1)"
  [[ "$node" == NodeName=* ]] || die "slurmd -C printed no node line: $node"
  install -d -m 0755 -o slurm -g slurm "$STATE" "$STATE/ctld" "$STATE/d"
  install -d -m 0755 /etc/slurm
  cat >"$CONF" <<EOF
$MARK: one node, for tests; removed by its stop.
ClusterName=prelabel-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=600
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  chmod 0644 "$CONF"
}

start() {
  need
  if alive "$STATE/slurmctld.pid" && alive "$STATE/slurmd.pid" && node_idle; then
    echo "local-cluster: running already"
    sinfo
    return
  fi
  start_munge
  write_conf
  alive "$STATE/slurmctld.pid" || slurmctld -c
  alive "$STATE/slurmd.pid" || slurmd -c
  local t=0
  while ! node_idle; do
    t=$((t + 1))
    if [ "$t" -gt $((WAIT_S * 2)) ]; then
      sinfo -N -l >&2 || true
      tail -n 20 "$STATE/slurmctld.log" "$STATE/slurmd.log" >&2 || true
      die "the node was not idle within ${WAIT_S}s (logs above)"
    fi
    sleep 0.5
  done
  echo "local-cluster: up (state in $STATE)"
  sinfo
}

stop_pid() {
  local f="$1" name="$2" pid
  alive "$f" || return 0
  pid="$(cat "$f")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  echo "local-cluster: $name ($pid) still running after 10 s: SIGKILL" >&2
  kill -9 "$pid" 2>/dev/null || true
}

stop() {
  need
  # Jobs first, so that no slurmstepd outlives the daemons.
  if alive "$STATE/slurmctld.pid"; then squeue -h -o '%A' 2>/dev/null | sort -u | xargs -r scancel --quiet 2>/dev/null || true; fi
  stop_pid "$STATE/slurmd.pid" slurmd
  stop_pid "$STATE/slurmctld.pid" slurmctld
  stop_pid "$MUNGE_PID" munged
  if [ -f "$CONF" ] && grep -qF "$MARK" "$CONF"; then rm -f "$CONF"; fi
  rm -rf "$STATE"
  echo "local-cluster: stopped"
}

status() {
  need
  local up=0
  alive "$MUNGE_PID" && echo "munged: $(cat "$MUNGE_PID")" || { echo "munged: not running"; up=1; }
  alive "$STATE/slurmctld.pid" && echo "slurmctld: $(cat "$STATE/slurmctld.pid")" || { echo "slurmctld: not running"; up=1; }
  alive "$STATE/slurmd.pid" && echo "slurmd: $(cat "$STATE/slurmd.pid")" || { echo "slurmd: not running"; up=1; }
  [ "$up" = 0 ] && sinfo -N -l
  return "$up"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 start|stop|status" ;;
esac
