#!/bin/bash
# A streaming replica: on first start, copy the primary with pg_basebackup (-R writes
# standby.signal and primary_conninfo), then run as a hot standby.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready --host "$PRIMARY_HOST" --port 5432; do sleep 1; done
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup --host "$PRIMARY_HOST" --username replicator \
    --pgdata "$PGDATA" --wal-method stream --write-recovery-conf --progress
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on
