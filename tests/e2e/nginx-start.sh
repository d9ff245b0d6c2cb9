# Sourced (bash): start a test nginx for Gazette on a port nobody holds.
#
#   nginx_start PREFIX SOCKET STATIC_DIR MEDIA_DIR [microcache]
#
# nginx cannot listen on port 0 and say which port it got, so a port the
# kernel called free may be taken by another program before nginx binds it.
# This writes the configuration (nginx-conf.sh) for a fresh port, starts
# nginx in the foreground of a background job, and if it exits with
# "Address already in use" tries again with another port (at most 20 times).
# On success it sets NGINX_PORT and NGINX_PID (the caller kills it by pid) and
# returns 0; on any other failure it prints nginx's error log and returns 1.
# Needs NGINX (the binary) and e2e (this folder).

nginx_start() {
	local prefix=$1 i port j
	for ((i = 0; i < 20; i++)); do
		port=$(python3 "$e2e/freeport.py")
		rm -rf "$prefix"
		sh "$e2e/nginx-conf.sh" "$prefix" "127.0.0.1:$port" "${@:2}" || return 1
		"$NGINX" -p "$prefix/" -c "$prefix/nginx.conf" -g 'daemon off;' 2>>"$prefix/error.log" &
		NGINX_PID=$!
		# Up when it answers on its port; failed when the process is gone.
		for ((j = 0; j < 300; j++)); do
			if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/static/"; then
				NGINX_PORT=$port
				return 0
			fi
			kill -0 "$NGINX_PID" 2>/dev/null || break
			sleep 0.1
		done
		wait "$NGINX_PID" 2>/dev/null
		grep -q "Address already in use" "$prefix/error.log" 2>/dev/null && continue
		cat "$prefix/error.log" >&2
		return 1
	done
	echo "nginx_start: no free port after 20 tries" >&2
	return 1
}
