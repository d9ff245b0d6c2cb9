/* The article editor's desk, progressive enhancement (issue 16).  Without
 * JavaScript the editor is a plain form: Preview and Save post it, and a
 * draft copy is offered back by the server page.  With it, this script
 * adds: a live preview rendered by the server's own Markdown renderer
 * (POST /admin/preview, debounced) with the word count and reading time
 * that come with it; the title and summary mirrored as typed; Ctrl+S or
 * Cmd+S to save; a warning before leaving with unsaved changes; a draft
 * copy sent every 30 seconds while the form differs from the last one
 * sent (the form's data-autosave-url; never the article itself); and
 * Write / Preview tabs on narrow screens.  Every word shown comes from
 * the page (hidden elements) or the server's answers, so it is translated
 * there.  No framework, no request to another site.
 *
 * window.gazetteEditor.autosave() and .preview() run one round at once
 * (the browser tests call them rather than wait); both return promises. */
(function () {
	"use strict";

	var form = document.getElementById("editor");
	if (!form || !window.fetch || !window.FormData || !window.DOMParser) {
		return;
	}

	var $ = function (id) {
		return document.getElementById(id);
	};
	var desk = $("desk");
	var body = form.elements.body;
	var title = form.elements.title;
	var summary = form.elements.summary;
	var statusLine = $("desk-status");
	var stats = $("desk-stats");
	var previewTitle = $("desk-preview-title");
	var previewSummary = $("desk-preview-summary");
	var previewBody = $("desk-preview-body");
	var tabs = desk ? desk.querySelector(".desk-tabs") : null;
	var tabWrite = $("desk-tab-write");
	var tabPreview = $("desk-tab-preview");
	var paneWrite = $("desk-write");
	var panePreview = $("desk-preview");
	var seconds = parseInt(form.getAttribute("data-autosave-seconds"), 10) || 30;

	/* The form's fields as one string, to tell whether anything changed
	 * (files, the CSRF token and the pressed button left out). */
	function snapshot() {
		var parts = [];
		new FormData(form).forEach(function (value, name) {
			if (typeof value === "string" && name !== "csrf" && name !== "action") {
				parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(value));
			}
		});
		return parts.join("&");
	}

	/* What was loaded (or, for a restored draft copy, nothing: it is not
	 * saved yet), and what the last draft copy held. */
	var loaded = form.getAttribute("data-restored") ? "" : snapshot();
	var lastCopy = snapshot();
	var submitting = false;
	var stopped = false;
	var shownDirty = false;

	function dirty() {
		return snapshot() !== loaded;
	}

	function message(id) {
		var el = $(id);
		return el ? el.textContent : "";
	}

	/* Put the server's fragment (HTML of our own templates) in the
	 * status line, as nodes parsed apart from the page. */
	function showFragment(target, html) {
		var doc = new DOMParser().parseFromString(html, "text/html");
		var nodes = Array.prototype.map.call(doc.body.childNodes, function (n) {
			return document.importNode(n, true);
		});
		target.replaceChildren.apply(target, nodes);
	}

	function showStatus(text) {
		if (statusLine) {
			statusLine.textContent = text;
		}
	}

	function markDirty() {
		var d = dirty();
		if (d !== shownDirty) {
			shownDirty = d;
			showStatus(d ? message("desk-msg-unsaved") : "");
		}
	}

	/* One draft copy, when the form changed since the last one. */
	function autosave() {
		var snap = snapshot();
		/* A form without draft copies (the page editor) has no URL. */
		if (!form.getAttribute("data-autosave-url") || stopped || submitting ||
			snap === lastCopy || snap === loaded) {
			return Promise.resolve(false);
		}
		var data = new FormData(form);
		data.delete("action");
		showStatus(message("desk-msg-saving"));
		return fetch(form.getAttribute("data-autosave-url"), {
			method: "POST",
			body: data,
			credentials: "same-origin",
		})
			.then(function (resp) {
				return resp.text().then(function (text) {
					/* Our fragment, or a whole error page from the
					 * guard (a session that ended, a stale token). */
					if (/<html/i.test(text)) {
						showStatus(message(resp.status === 403 ? "desk-msg-session" : "desk-msg-failed"));
					} else if (statusLine) {
						showFragment(statusLine, text);
					}
					if (resp.ok) {
						lastCopy = snap;
						return true;
					}
					/* A conflict, the trash, a gone article, a form
					 * it cannot read, no session: trying again cannot
					 * help.  A busy server, or a text cut shorter, may
					 * do better next round. */
					if ([400, 403, 404, 409].indexOf(resp.status) >= 0) {
						stopped = true;
					}
					return false;
				});
			})
			.catch(function () {
				showStatus(message("desk-msg-failed"));
				return false;
			});
	}

	/* The preview and the word count for the body as it is now; answers
	 * that come back out of order are dropped. */
	var previewRound = 0;
	function preview() {
		var round = ++previewRound;
		var data = new FormData();
		data.append("csrf", form.elements.csrf.value);
		data.append("body", body.value);
		return fetch(form.getAttribute("data-preview-url"), {
			method: "POST",
			body: data,
			credentials: "same-origin",
		})
			.then(function (resp) {
				if (!resp.ok) {
					throw new Error("preview " + resp.status);
				}
				return resp.text();
			})
			.then(function (html) {
				if (round !== previewRound) {
					return false;
				}
				var doc = new DOMParser().parseFromString(html, "text/html");
				var newStats = doc.getElementById("desk-stats");
				var newBody = doc.getElementById("desk-preview-body");
				if (stats && newStats) {
					stats.textContent = newStats.textContent;
				}
				if (previewBody && newBody) {
					previewBody.replaceChildren.apply(
						previewBody,
						Array.prototype.map.call(newBody.childNodes, function (n) {
							return document.importNode(n, true);
						})
					);
				}
				return true;
			})
			.catch(function () {
				if (round === previewRound) {
					showStatus(message("desk-msg-preview-failed"));
				}
				return false;
			});
	}

	var previewTimer = 0;
	function previewSoon() {
		clearTimeout(previewTimer);
		previewTimer = setTimeout(preview, 600);
	}

	function mirror() {
		if (previewTitle && title) {
			previewTitle.textContent = title.value;
		}
		if (previewSummary && summary) {
			previewSummary.textContent = summary.value;
			previewSummary.hidden = summary.value.trim() === "";
		}
	}

	form.addEventListener("input", function (ev) {
		markDirty();
		if (ev.target === body) {
			previewSoon();
		} else if (ev.target === title || ev.target === summary) {
			mirror();
		}
	});
	form.addEventListener("change", markDirty);
	form.addEventListener("submit", function () {
		submitting = true;
	});

	/* Ctrl+S / Cmd+S: Save, as the button does (the browser's own "save
	 * page" would only keep a copy of the form's HTML). */
	document.addEventListener("keydown", function (ev) {
		if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && (ev.key === "s" || ev.key === "S")) {
			ev.preventDefault();
			var save = $("desk-save");
			if (form.requestSubmit) {
				form.requestSubmit(save);
			} else if (save) {
				save.click();
			}
		}
	});

	window.addEventListener("beforeunload", function (ev) {
		if (!submitting && dirty()) {
			ev.preventDefault();
			ev.returnValue = "";
		}
	});

	setInterval(autosave, seconds * 1000);

	/* Tabs on narrow screens: one pane at a time. */
	var narrow = window.matchMedia ? window.matchMedia("(max-width: 62.49rem)") : null;

	/* The tab roles exist only while the tabs do (a tablist without its
	 * panels would mislead a screen reader on a wide screen). */
	function tabRoles(on) {
		var pairs = [
			[tabWrite, paneWrite],
			[tabPreview, panePreview],
		];
		if (on) {
			tabs.setAttribute("role", "tablist");
			tabs.setAttribute("aria-label", tabs.getAttribute("data-label") || "");
		} else {
			tabs.removeAttribute("role");
			tabs.removeAttribute("aria-label");
		}
		pairs.forEach(function (p) {
			if (on) {
				p[0].setAttribute("role", "tab");
				p[0].setAttribute("aria-controls", p[1].id);
				p[0].removeAttribute("aria-pressed");
				p[1].setAttribute("role", "tabpanel");
				p[1].setAttribute("aria-labelledby", p[0].id);
			} else {
				p[0].removeAttribute("role");
				p[0].removeAttribute("aria-controls");
				p[0].removeAttribute("aria-selected");
				p[0].removeAttribute("tabindex");
				p[1].removeAttribute("role");
			}
		});
		if (!on) {
			paneWrite.removeAttribute("aria-labelledby");
			panePreview.setAttribute("aria-labelledby", "preview-title");
		}
	}

	var current = "write";

	function select(which) {
		var write = which === "write";
		current = which;
		tabWrite.setAttribute("aria-selected", write ? "true" : "false");
		tabPreview.setAttribute("aria-selected", write ? "false" : "true");
		tabWrite.tabIndex = write ? 0 : -1;
		tabPreview.tabIndex = write ? -1 : 0;
		paneWrite.hidden = !write;
		panePreview.hidden = write;
		if (!write) {
			preview();
		}
	}

	function layout() {
		var tabbed = narrow && narrow.matches;
		if (!tabs || !tabWrite || !tabPreview || !paneWrite || !panePreview) {
			return;
		}
		desk.classList.toggle("tabbed", tabbed);
		tabs.hidden = !tabbed;
		tabRoles(tabbed);
		if (tabbed) {
			select(current);
		} else {
			paneWrite.hidden = false;
			panePreview.hidden = false;
		}
	}

	if (tabs && tabWrite && tabPreview) {
		tabWrite.addEventListener("click", function () {
			select("write");
		});
		tabPreview.addEventListener("click", function () {
			select("preview");
		});
		tabs.addEventListener("keydown", function (ev) {
			if (ev.key === "ArrowLeft" || ev.key === "ArrowRight") {
				var toPreview = ev.target === tabWrite;
				select(toPreview ? "preview" : "write");
				(toPreview ? tabPreview : tabWrite).focus();
				ev.preventDefault();
			}
		});
	}
	if (narrow) {
		if (narrow.addEventListener) {
			narrow.addEventListener("change", layout);
		} else if (narrow.addListener) {
			narrow.addListener(layout);
		}
	}
	layout();

	var keys = $("desk-keys");
	if (keys) {
		keys.hidden = false;
	}
	if (form.getAttribute("data-restored")) {
		markDirty();
	}
	mirror();
	preview();

	window.gazetteEditor = { autosave: autosave, preview: preview, dirty: dirty };
})();
