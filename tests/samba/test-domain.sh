#!/usr/bin/env bash
# A throwaway Active Directory domain for the directory reader's tests: Samba's AD DC, provisioned
# in a folder of its own, listening on one loopback address only, LDAPS with the certificate
# Samba generates. Usage:
#   test-domain.sh start <folder> <address> <realm> <schema folder> [seed.ldif]  prints the DC's pid
#   test-domain.sh stop <folder>                                                stops it by its pid
# The schema folder's LDIF files extend the base schema offline, before the DC starts, each in a
# run of its own in name order (attributes first: a class can name an attribute only once the
# schema that holds it is loaded again). The tests generate them from the module's schema: the
# attributes it reads that Samba's base schema lacks.
set -euo pipefail
shopt -s nullglob

command=${1:?start or stop}
folder=${2:?folder}
pid_file="$folder/samba.pid"

stop() {
  if [[ -f $pid_file ]]; then
    pid=$(cat "$pid_file")
    # The whole process group: samba forks its services.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$pid_file"
  fi
}

case $command in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "unknown command $command" >&2; exit 2 ;;
esac

address=${3:?address}
realm=${4:?realm}
schema=${5:?schema folder}
seed=${6:-}
netbios=$(echo "${realm%%.*}" | tr '[:lower:]' '[:upper:]' | cut -c1-15)
base="DC=${realm//./,DC=}"
password='SyncMatch-Test-1!'

# Samba binds only to an interface's address: a second loopback address (a second forest's DC)
# is added to lo first.
if ! ip -o addr show dev lo | grep -q "inet $address/"; then
  ip addr add "$address/32" dev lo
fi

rm -rf "$folder"
mkdir -p "$folder"
samba-tool domain provision --quiet --realm="$realm" --domain="$netbios" --adminpass="$password" \
  --server-role=dc --dns-backend=NONE --targetdir="$folder" --host-ip="$address" \
  --host-name="dc-${netbios,,}" \
  --option="interfaces=$address" --option="bind interfaces only=yes" \
  --option="server services=ldap" --option="pid directory=$folder/run" \
  --option="lock dir=$folder/lock" --option="log file=$folder/log.samba" >"$folder/provision.log" 2>&1

# The schema extension and the seed, offline, before the DC starts.
sam="$folder/private/sam.ldb"
for part in "$schema"/*.ldif; do
  sed "s/DC=X\$/$base/; s/DC=X,/$base,/" "$part" > "$folder/schema-part.ldif"
  ldbmodify -H "$sam" --option="dsdb:schema update allowed=true" "$folder/schema-part.ldif" >>"$folder/schema.log" 2>&1
done
if [[ -n $seed ]]; then
  sed "s/DC=X\$/$base/; s/DC=X,/$base,/" "$seed" > "$folder/seed.ldif"
  ldbadd -H "$sam" "$folder/seed.ldif" >"$folder/seed.log" 2>&1
fi

# TLS: a CA of the test's own and a server certificate for the DC's address and name (Samba's
# generated one names only the host, so a client connecting by address would rightly refuse it).
# The CA is in ca/, hashed as libldap reads a folder (openssl rehash).
tls="$folder/tls"
mkdir -p "$tls" "$folder/ca"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=SyncMatch test CA $netbios" \
  -keyout "$tls/ca.key" -out "$folder/ca/ca.pem" >/dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -subj "/CN=dc-${netbios,,}.$realm" -keyout "$tls/key.pem" \
  -out "$tls/server.csr" >/dev/null 2>&1
printf 'subjectAltName=IP:%s,IP:127.0.0.1,DNS:dc-%s.%s\nextendedKeyUsage=serverAuth\n' "$address" "${netbios,,}" "$realm" > "$tls/san.ext"
openssl x509 -req -in "$tls/server.csr" -CA "$folder/ca/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial \
  -days 2 -extfile "$tls/san.ext" -out "$tls/cert.pem" >/dev/null 2>&1
chmod 600 "$tls/key.pem"
openssl rehash "$folder/ca" >/dev/null 2>&1
cat >> "$folder/etc/smb.conf" <<CONF
[global]
	tls enabled = yes
	tls keyfile = $tls/key.pem
	tls certfile = $tls/cert.pem
	tls cafile = $folder/ca/ca.pem
CONF

# In its own process group, so stop takes every service it forks.
setsid samba -i -s "$folder/etc/smb.conf" >"$folder/samba.out" 2>&1 < /dev/null &
echo $! > "$pid_file"

# Wait until LDAPS answers (the certificate is generated at the first start).
for _ in $(seq 100); do
  if LDAPTLS_CACERT="$folder/ca/ca.pem" ldapsearch -LLL -x -H "ldaps://$address" -D "Administrator@$realm" -w "$password" \
      -b "$base" -s base dn >/dev/null 2>&1; then
    cat "$pid_file"
    exit 0
  fi
  sleep 0.2
done
echo "the test domain did not answer on ldaps://$address; see $folder/samba.out" >&2
stop
exit 1
