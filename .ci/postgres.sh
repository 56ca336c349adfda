#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests that need a real one
# (render/sql runs its generated SQL through psql against it) and exports
# its address as CAMUNDA_IRSA_TEST_POSTGRES, a libpq URI:
#
#   postgres://postgres@127.0.0.1:PORT/postgres?sslmode=disable
#
# Use from .ci/run (bash), before `go test`:
#
#   source .ci/postgres.sh               # exports CAMUNDA_IRSA_TEST_POSTGRES
#   trap camunda_irsa_postgres_stop EXIT # stops the server, removes its files
#
# Run as a program instead, it prints the export lines for eval:
#
#   eval "$(bash .ci/postgres.sh)"
#
# PostgreSQL is installed from Debian's packages when it is missing (that
# needs root). The cluster lives in a new temporary directory, listens on
# 127.0.0.1 only, on a free port, with trust authentication: it holds no
# data worth a password and nothing outside this machine can reach it.
# The render/sql tests rely on that: they run the generated script as a
# master user that is not a superuser (CREATEDB, CREATEROLE, like Aurora's)
# and sign in as the database users it creates, none with a password.
# Durability is switched off because the cluster is thrown away.
#
# When CAMUNDA_IRSA_TEST_POSTGRES is already set, nothing is started: the
# given server is used as it is.

# Everything that can fail runs in a subshell with its own shell options,
# so that sourcing this file neither changes the caller's `set` flags nor
# exits the caller's shell on an error.
_camunda_irsa_postgres_start() (
	set -euo pipefail
	log() { echo "postgres.sh: $*" >&2; }

	newest_bindir() {
		# Debian installs each major version under /usr/lib/postgresql/N.
		local d
		d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
		[ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && echo "$d"
	}

	bindir=$(newest_bindir || true)
	if [ -z "$bindir" ] || ! command -v psql >/dev/null 2>&1; then
		if [ "$(id -u)" != 0 ]; then
			log "PostgreSQL is not installed and installing it needs root: apt-get install postgresql"
			exit 1
		fi
		log "installing PostgreSQL from Debian's packages"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >&2
		apt-get install -y -qq --no-install-recommends postgresql >&2
		bindir=$(newest_bindir)
	fi

	# initdb and postgres refuse to run as root; CI runs as root, so the
	# cluster belongs to the postgres user the Debian package creates.
	as_owner() { "$@"; }
	if [ "$(id -u)" = 0 ]; then
		if command -v runuser >/dev/null 2>&1; then
			as_owner() { runuser -u postgres -- "$@"; }
		else
			as_owner() { su postgres -s /bin/sh -c '"$0" "$@"' -- "$@"; }
		fi
	fi

	dir=$(mktemp -d "${TMPDIR:-/tmp}/camunda-irsa-postgres.XXXXXX")
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$dir"
	fi
	data="$dir/data"
	log "initialising a throwaway cluster in $data"
	if ! as_owner "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		exit 1
	fi
	# Settings go into the file rather than onto the command line so that
	# a temporary directory with spaces in its path needs no quoting.
	cat >>"$data/postgresql.conf" <<EOF

# camunda-irsa test cluster (.ci/postgres.sh): loopback only, not durable.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

	# Pick a random high port; retry when it turns out to be taken, which
	# is cheaper and less racy than asking the system for a free one first.
	for attempt in $(seq 1 20); do
		port=$((20000 + RANDOM % 40000))
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			continue # something already listens there
		fi
		if as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -o "-p $port" -w -t 60 start >/dev/null 2>&1; then
			dsn="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
			if ! psql "$dsn" -X -q -A -t -c 'SELECT 1' >/dev/null; then
				log "the server started but does not answer on $dsn"
				cat "$dir/server.log" >&2
				exit 1
			fi
			log "$("$bindir/postgres" --version) listening on 127.0.0.1:$port (attempt $attempt)"
			printf '%s\n%s\n' "$dsn" "$dir"
			exit 0
		fi
		if ! grep -q 'could not bind\|Address already in use' "$dir/server.log" 2>/dev/null; then
			log "PostgreSQL did not start:"
			cat "$dir/server.log" >&2
			exit 1
		fi
	done
	log "no free port found after 20 attempts"
	exit 1
)

# camunda_irsa_postgres_stop stops the server this file started (by the
# process ID in its postmaster.pid) and removes its directory. It does
# nothing for a server given from outside.
camunda_irsa_postgres_stop() {
	local dir=${CAMUNDA_IRSA_TEST_POSTGRES_DIR:-} pid
	if [ -z "$dir" ] || [ ! -d "$dir" ]; then
		return 0
	fi
	if [ -f "$dir/data/postmaster.pid" ]; then
		pid=$(head -n 1 "$dir/data/postmaster.pid")
		# SIGINT is PostgreSQL's fast shutdown: roll back, disconnect, stop.
		kill -INT "$pid" 2>/dev/null || true
		for _ in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
	fi
	rm -rf "$dir"
	unset CAMUNDA_IRSA_TEST_POSTGRES CAMUNDA_IRSA_TEST_POSTGRES_DIR
}

_camunda_irsa_postgres_main() {
	local out
	if [ -n "${CAMUNDA_IRSA_TEST_POSTGRES:-}" ]; then
		echo "postgres.sh: CAMUNDA_IRSA_TEST_POSTGRES is set; using that server" >&2
		return 0
	fi
	out=$(_camunda_irsa_postgres_start) || return 1
	{
		read -r CAMUNDA_IRSA_TEST_POSTGRES
		read -r CAMUNDA_IRSA_TEST_POSTGRES_DIR
	} <<<"$out"
	export CAMUNDA_IRSA_TEST_POSTGRES CAMUNDA_IRSA_TEST_POSTGRES_DIR
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
	# Sourced: export into the caller's shell.
	_camunda_irsa_postgres_main
else
	# Run as a program: print what to export, and how to stop it.
	_camunda_irsa_postgres_main || exit 1
	printf 'export CAMUNDA_IRSA_TEST_POSTGRES=%q\n' "$CAMUNDA_IRSA_TEST_POSTGRES"
	if [ -n "${CAMUNDA_IRSA_TEST_POSTGRES_DIR:-}" ]; then
		printf 'export CAMUNDA_IRSA_TEST_POSTGRES_DIR=%q\n' "$CAMUNDA_IRSA_TEST_POSTGRES_DIR"
		echo "postgres.sh: stop it with: kill -INT \$(head -n 1 $CAMUNDA_IRSA_TEST_POSTGRES_DIR/data/postmaster.pid); rm -rf $CAMUNDA_IRSA_TEST_POSTGRES_DIR" >&2
	fi
fi
