# Varnish in front of Gazette, for Debian's Varnish 7.1 and the xkey vmod
# (apt install varnish varnish-modules).  README "Putting a cache in front"
# explains each part; tests/e2e/test_varnish.sh runs it for real.
#
# Replace @BACKEND_HOST@ and @BACKEND_PORT@ with the address `gazette serve
# --listen` (or an nginx in front of `gazette fcgi`) answers on, and tell
# Gazette where to purge: the setting purge_urls, or GAZETTE_PURGE in its
# environment, e.g. "http://127.0.0.1:6081/" (one URL per Varnish node).
#
# What it does:
#  - keeps only what Gazette marks shareable: a 200 that carries an xkey
#    header (Gazette sends one only on public pages for readers without a
#    session), for up to 10 minutes; Gazette purges it sooner, by key,
#    the moment something it shows changes;
#  - one copy per consent state (the cookie banner differs), exactly the
#    state Gazette renders: the choice and the policy version it was made
#    for, never the cookie's time, so readers share copies;
#  - a session or commenter cookie (an editor, a prefilled comment form)
#    always goes to Gazette and is never stored;
#  - PURGE with an xkey-purge header, from the purgers ACL only;
#  - while Gazette restarts or is down, copies up to an hour old are served
#    (grace); while it is up, at most 10 seconds past their time, refreshed
#    in the background.
vcl 4.1;

import std;
import xkey;

backend gazette {
	.host = "@BACKEND_HOST@";
	.port = "@BACKEND_PORT@";
	.connect_timeout = 1s;
	.first_byte_timeout = 15s;
	# Below what Gazette takes from one address (`gazette serve`: 32, see
	# src/transport/http.c): past its limit it refuses new connections,
	# the probe's too, and Varnish would take Gazette for down.  Raise it
	# with a web server in between (nginx in front of `gazette fcgi`).
	.max_connections = 24;
	# Health decides how stale a copy may be served (vcl_recv, req.grace)
	# and whether a miss is tried at all.  Tolerant: a Gazette busy with a
	# burst of misses answers slowly but is not down (3 of the last 5 in
	# 3 s each).
	.probe = {
		.url = "/robots.txt";
		.interval = 1s;
		.timeout = 3s;
		.window = 5;
		.threshold = 3;
		.initial = 3;
	}
}

# Who may purge: Gazette's own host.  Add the origin's address when
# Varnish runs on another machine.
acl purgers {
	"127.0.0.1";
	"::1";
}

sub vcl_recv {
	if (req.method == "PURGE") {
		if (client.ip !~ purgers) {
			return (synth(403, "Forbidden"));
		}
		if (!req.http.xkey-purge) {
			return (synth(400, "xkey-purge header required"));
		}
		# Hard purge: the next reader gets the new page, not the old
		# one while it is fetched.  xkey.softpurge would keep serving the
		# old copy during the refetch (fewer waits, one stale answer).
		set req.http.n-gone = xkey.purge(req.http.xkey-purge);
		return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
	}
	unset req.http.X-Gazette-Consent;
	if (req.method != "GET" && req.method != "HEAD") {
		return (pass);
	}
	# Editors (either session cookie) and commenters whose form is
	# prefilled: their pages are theirs alone.  Same rule as Gazette's
	# (src/app/app.c, personal) and deploy/nginx.conf ($gazette_session).
	if (req.http.Cookie ~ "(^|;)\s*(__Host-)?gz_session=" ||
	    req.http.Cookie ~ "(^|;)\s*gz_commenter=") {
		return (pass);
	}
	# The consent variant: "accept.<version>" or "reject.<version>" from
	# the cookie "<choice>.<version>.<time>", else "none".  Gazette shows
	# the banner state of exactly that (an old version counts as none,
	# and a new policy version purges everything through the key "all").
	if (req.http.Cookie ~ "(^|;)\s*gz_consent=(accept|reject)\.[0-9]+\.") {
		set req.http.X-Gazette-Consent = regsub(req.http.Cookie,
		    "^(.*;)?\s*gz_consent=((accept|reject)\.[0-9]+)\..*$", "\2");
	} else {
		set req.http.X-Gazette-Consent = "none";
	}
	# Stale copies: up to an hour while Gazette is down, 10 s otherwise.
	if (std.healthy(req.backend_hint)) {
		set req.grace = 10s;
	}
	# The built-in rule would pass every request with a cookie; the
	# consent cookie is part of the hash instead.
	return (hash);
}

sub vcl_hash {
	hash_data(req.url);
	if (req.http.host) {
		hash_data(req.http.host);
	} else {
		hash_data(server.ip);
	}
	hash_data(req.http.X-Gazette-Consent);
	return (lookup);
}

sub vcl_backend_response {
	if (beresp.status == 200 && beresp.http.xkey && !beresp.http.Set-Cookie) {
		# Purged by key when it changes; the TTL only bounds what changes
		# with time alone (the most-read list).
		set beresp.ttl = 10m;
		set beresp.grace = 1h;
		# Gazette's "Vary: Cookie" would keep one copy per reader's whole
		# cookie header; the hash already holds the only part that counts.
		unset beresp.http.Vary;
		return (deliver);
	}
	# Anything else (errors, redirects, private pages) is not kept; the
	# next request for it goes straight to Gazette.
	set beresp.ttl = 30s;
	set beresp.uncacheable = true;
	return (deliver);
}

sub vcl_deliver {
	# For people and tests: HIT (from the cache), MISS (fetched), PASS.
	if (obj.uncacheable) {
		set resp.http.X-Cache = "PASS";
	} elsif (obj.hits > 0) {
		set resp.http.X-Cache = "HIT";
	} else {
		set resp.http.X-Cache = "MISS";
	}
	if (resp.http.xkey) {
		# Browsers and other caches must still tell readers apart.
		set resp.http.Vary = "Cookie";
	}
	# The keys are for this cache; Surrogate-Key stays for a CDN in front.
	unset resp.http.xkey;
}
