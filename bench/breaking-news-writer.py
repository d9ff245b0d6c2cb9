#!/usr/bin/env python3
"""The newsroom's writes during bench/breaking-news.sh (issue 18 point 4).

    breaking-news-writer.py BASE DB LOGIN PASSWORD HOT_ID SECONDS [RATE [ADMIN]]

For SECONDS: RATE (default 5) comments a second are posted and approved --
each is stored held (as a reader's first comment is: a row in DB) and then
approved by LOGIN through the admin queue at ADMIN (default BASE), the write that makes it
visible and touches the caches; half of them on the hot article HOT_ID, the
rest spread over the other published articles -- and every 10 s the editor
saves the hot article (a new summary) through the article form.  Paced by
a schedule, so a slow answer delays the next write but does not lower the
rate asked for.  Every 10th approved comment is also looked for, as an
anonymous reader, through the cache at BASE every 50 ms until it shows (at
most 15 s): the delay between the approval's answer and the first page
that shows it is what readers wait for.  Prints what it did.
"""
import html.parser
import http.cookiejar
import random
import re
import sqlite3
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


class Form(html.parser.HTMLParser):
    """The fields of the article form: inputs, textareas, selected options."""

    def __init__(self):
        super().__init__()
        self.fields = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            if a.get("type") in ("submit", "button"):
                return
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.fields[self._textarea] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def main():
    base, db, login, password, hot = sys.argv[1:6]
    seconds = float(sys.argv[6])
    rate = float(sys.argv[7]) if len(sys.argv) > 7 else 5.0
    admin = sys.argv[8] if len(sys.argv) > 8 else base
    hot = int(hot)
    jar = http.cookiejar.CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    def get(path):
        try:
            with opener.open(admin + path, timeout=10) as r:
                return r.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def post(path, fields):
        data = urllib.parse.urlencode(fields).encode()
        try:
            with opener.open(admin + path, data=data, timeout=10) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
        except OSError:
            return 0

    page = get("/admin/login")
    token = re.search(r'name="login_token" value="([0-9a-f]*)"', page).group(1)
    post("/admin/login", {"login": login, "password": password, "login_token": token})
    page = get("/admin/comments")
    m = re.search(r'name="csrf" value="([0-9a-f]*)"', page)
    if not m:
        sys.exit("writer: could not log in")
    csrf = m.group(1)

    delays = []

    def watch(art_path, text, since):
        """Poll art_path through the cache until text shows; record the delay."""
        while time.monotonic() - since < 15:
            try:
                with urllib.request.urlopen(base + art_path, timeout=10) as r:
                    if text in r.read().decode("utf-8", "replace"):
                        delays.append(time.monotonic() - since)
                        return
            except OSError:
                pass
            time.sleep(0.05)
        delays.append(float("inf"))

    con = sqlite3.connect(db, timeout=10)
    slugs = dict(con.execute("SELECT id, slug FROM articles"))
    watchers = []
    # Comment texts unique to this run: earlier runs wrote on the same articles.
    tag = "%08x" % random.getrandbits(32)
    others = [r[0] for r in con.execute(
        "SELECT id FROM articles WHERE status = 'published' AND id <> ?", (hot,))]
    start = time.monotonic()
    n_comments = n_saves = n_bad = 0
    next_comment = start
    next_save = start + 10
    serial = 0
    while True:
        now = time.monotonic()
        if now - start >= seconds:
            break
        if now >= next_save:
            page = get(f"/admin/articles/{hot}")
            form = Form()
            form.feed(page)
            fields = form.fields
            if "version" not in fields:
                n_bad += 1
                next_save += 10
                continue
            fields["summary"] = f"Updated at {time.time():.0f}: the story so far."
            fields.pop("action", None)
            code = post(f"/admin/articles/{hot}", fields)
            n_saves += 1
            n_bad += code != 303
            next_save += 10
        if now >= next_comment:
            serial += 1
            art = hot if serial % 2 == 0 else random.choice(others)
            t = int(time.time())
            cur = con.execute(
                "INSERT INTO comments (article_id, author_name, author_email, body, status, "
                "created_at, status_changed_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
                (art, f"Reader {serial}", f"r{serial}@example.org",
                 f"Comment {tag}-{serial} on the breaking story.", t, t))
            con.commit()
            code = post("/admin/comments", {"csrf": csrf, "status": "pending",
                                            "action": "approve", "id": cur.lastrowid})
            n_comments += 1
            n_bad += code != 303
            if serial % 10 == 0:
                w = threading.Thread(target=watch, args=(
                    "/article/" + urllib.parse.quote(slugs[art]),
                    f"Comment {tag}-{serial} on the breaking story.", time.monotonic()))
                w.start()
                watchers.append(w)
            next_comment += 1.0 / rate
        time.sleep(max(0.0, min(next_comment, next_save) - time.monotonic()))
    took = time.monotonic() - start
    for w in watchers:
        w.join()
    delays.sort()
    med = delays[len(delays) // 2] if delays else float("nan")
    worst = delays[-1] if delays else float("nan")
    print(f"WRITER comments={n_comments} saves={n_saves} failed={n_bad} "
          f"rate={n_comments / took:.2f}/s visible_median={med:.2f}s visible_max={worst:.2f}s")


if __name__ == "__main__":
    main()
