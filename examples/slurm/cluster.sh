#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, from Debian's slurm-wlm and
# munge, to try and test sharded runs (grpodata's Slurm test uses it):
#
#   examples/slurm/cluster.sh start     # munged, slurmctld, slurmd; prints SLURM_CONF
#   export SLURM_CONF=/tmp/grpodata-slurm/slurm.conf
#   sbatch --wait --array=0-3 examples/slurm/generate.sbatch
#   examples/slurm/cluster.sh stop
#
# Runs as root (SlurmUser=root), talks over loopback only, and keeps its
# configuration, state and logs in $GRPODATA_SLURM_DIR (default
# /tmp/grpodata-slurm). A munged already running is used and left alone.
set -euo pipefail

dir=${GRPODATA_SLURM_DIR:-/tmp/grpodata-slurm}
conf=$dir/slurm.conf
host=$(hostname -s)
export SLURM_CONF=$conf

die() { echo "cluster.sh: $*" >&2; exit 1; }

# wait_for CMD...: retry for up to 30 s.
wait_for() {
	for _ in $(seq 60); do
		if "$@" >/dev/null 2>&1; then return 0; fi
		sleep 0.5
	done
	return 1
}

start_munge() {
	if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
		return 0 # someone's munged answers
	fi
	install -d -o munge -g munge -m 0755 /run/munge
	install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge /etc/munge
	[ -s /etc/munge/munge.key ] || runuser -u munge -- mungekey --create
	runuser -u munge -- munged --force --pid-file=/run/munge/munged.pid # --force: past a stale socket of a munged that crashed
	cp /run/munge/munged.pid "$dir/munged.pid"
	wait_for sh -c 'munge -n | unmunge' || die "munged did not start (see /var/log/munge/munged.log)"
}

write_conf() {
	# slurmd -C reports this machine's CPUs, sockets, cores and memory as a
	# NodeName line; slurmctld drains a node configured with more.
	local node
	node=$(slurmd -C | head -1 | sed "s/^NodeName=[^ ]*/NodeName=$host NodeAddr=127.0.0.1/")
	cat >"$conf" <<CONF
ClusterName=grpodata
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=${GRPODATA_SLURM_PORT:-6817}
SlurmdPort=$(( ${GRPODATA_SLURM_PORT:-6817} + 1 ))
$node State=UNKNOWN
PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
}

start() {
	[ "$(id -u)" = 0 ] || die "start runs as root (SlurmUser=root)"
	for c in munged slurmctld slurmd sbatch; do
		command -v "$c" >/dev/null || die "$c not found: apt-get install -y slurm-wlm munge"
	done
	mkdir -p "$dir/state" "$dir/spool"
	start_munge
	write_conf
	slurmctld -f "$conf"
	wait_for scontrol ping || die "slurmctld did not answer (see $dir/slurmctld.log)"
	slurmd -f "$conf"
	if ! wait_for sh -c "sinfo -h -n $host -o %T | grep -Eq '^(idle|mixed|allocated)'"; then
		scontrol update nodename="$host" state=resume 2>/dev/null || true
		wait_for sh -c "sinfo -h -n $host -o %T | grep -q '^idle'" ||
			die "node $host is $(sinfo -h -n "$host" -o %T): see $dir/slurmd.log"
	fi
	echo "slurm up: node $host ($(sinfo -h -n "$host" -o '%c CPUs, %m MB')); export SLURM_CONF=$conf"
}

# stop_pid FILE: end the daemon whose pid FILE holds, and wait for it.
stop_pid() {
	[ -s "$1" ] || return 0
	local pid
	pid=$(cat "$1")
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
	kill -9 "$pid" 2>/dev/null || true
	rm -f "$1"
}

stop() {
	[ -f "$conf" ] && scancel --quiet --full --user=root 2>/dev/null || true
	stop_pid "$dir/slurmd.pid"
	stop_pid "$dir/slurmctld.pid"
	stop_pid "$dir/munged.pid" # only a munged this script started
	echo "slurm down"
}

case ${1:-} in
start) start ;;
stop) stop ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
