/* The article editor's image picker, progressive enhancement (issue 16).
 * Without JavaScript the editor shows a link to the media library, whose
 * image pages show the Markdown to copy.  With it, "Insert image" opens a
 * dialog (templates/admin/media_picker.html) that lists the library (GET
 * /admin/media/picker, an HTML fragment from the server's template),
 * uploads a new image through the library's own form handler (multipart,
 * the editor's CSRF token; the server answers with the list, the new image
 * chosen), asks for alt text (required), a caption and a credit, and puts
 * at the cursor of the text, on lines of its own:
 *     ![alt](/media/x.jpg "Caption")
 *     *Credit*
 * which the renderer makes a figure of (docs/templates.md, "Images").  An
 * image without alt text in the library gets the one typed here.
 * Every word shown comes from the page or the server's answers, so it is
 * translated there.  No framework, no request to another site. */
(function () {
	"use strict";

	var $ = function (id) {
		return document.getElementById(id);
	};
	var root = $("media-picker");
	var dialog = $("media-picker-dialog");
	var form = document.getElementById("editor");
	var body = form ? form.elements.body : null;
	if (!root || !dialog || !body || !window.fetch || !window.FormData || !window.DOMParser ||
	    typeof dialog.showModal !== "function") {
		return;
	}

	var openButton = $("media-picker-open");
	var list = $("media-picker-list");
	var alt = $("media-picker-alt");
	var caption = $("media-picker-caption");
	var credit = $("media-picker-credit");
	var chosenLine = $("media-picker-chosen");
	var altError = $("media-picker-alt-error");
	var chooseError = $("media-picker-choose-error");
	var fileInput = $("media-picker-file");
	var uploadError = $("media-picker-upload-error");
	var chosen = null; /* the chosen image's button */
	var selection = {start: body.value.length, end: body.value.length};
	var altSaved = Promise.resolve(null); /* the last alt text sent to the library */

	function text(id) {
		var el = $(id);
		return el ? el.textContent : "";
	}

	/* Show message (or hide it when empty) in the error element el, and
	 * mark the field it describes. */
	function setError(el, field, message) {
		el.textContent = message || el.textContent;
		el.hidden = !message;
		if (field) {
			if (message) {
				field.setAttribute("aria-invalid", "true");
			} else {
				field.removeAttribute("aria-invalid");
			}
		}
	}

	function choose(button) {
		if (chosen) {
			chosen.setAttribute("aria-pressed", "false");
		}
		chosen = button;
		button.setAttribute("aria-pressed", "true");
		chosenLine.textContent = button.querySelector("span").textContent;
		if (!alt.value.trim()) {
			alt.value = button.getAttribute("data-alt") || "";
		}
		chooseError.hidden = true;
	}

	/* Put the fragment html (the server's list) in the dialog. */
	function showList(html) {
		var doc = new DOMParser().parseFromString(html, "text/html");
		var fresh = doc.body;
		list.textContent = "";
		while (fresh.firstChild) {
			list.appendChild(fresh.firstChild);
		}
		var picked = list.querySelector('[data-selected="1"]');
		if (picked) {
			choose(picked);
			picked.focus();
		}
	}

	function load() {
		return fetch(root.getAttribute("data-list-url"), {credentials: "same-origin"})
			.then(function (r) {
				if (!r.ok) {
					throw new Error("status " + r.status);
				}
				return r.text();
			})
			.then(showList)
			.catch(function () {
				list.textContent = text("media-picker-msg-failed");
			});
	}

	list.addEventListener("click", function (ev) {
		var button = ev.target.closest ? ev.target.closest(".media-picker-item") : null;
		if (button) {
			choose(button);
		}
	});

	$("media-picker-upload").addEventListener("click", function () {
		var file = fileInput.files && fileInput.files[0];
		if (!file) {
			setError(uploadError, fileInput, text("media-picker-msg-nofile"));
			fileInput.focus();
			return;
		}
		var data = new FormData();
		data.append("csrf", form.elements.csrf.value);
		data.append("alt", alt.value.trim());
		data.append("file", file, file.name);
		setError(uploadError, fileInput, "");
		chosenLine.textContent = text("media-picker-msg-uploading");
		fetch(root.getAttribute("data-upload-url"), {
			method: "POST",
			body: data,
			credentials: "same-origin"
		})
			.then(function (r) {
				return r.text().then(function (html) {
					if (r.ok) {
						fileInput.value = "";
						showList(html);
						return;
					}
					/* The library page with its message beside the file field. */
					var doc = new DOMParser().parseFromString(html, "text/html");
					var msg = doc.getElementById("file-error");
					chosenLine.textContent = chosen ? chosen.querySelector("span").textContent : "";
					setError(uploadError, fileInput,
					         msg ? msg.textContent : text("media-picker-msg-failed"));
				});
			})
			.catch(function () {
				setError(uploadError, fileInput, text("media-picker-msg-failed"));
			});
	});

	/* Markdown escapes: text in [...] of an image, a "..." title, an
	 * *emphasis* line. */
	function escAlt(s) {
		return s.replace(/([\\\[\]])/g, "\\$1");
	}
	function escTitle(s) {
		return s.replace(/([\\"])/g, "\\$1");
	}
	function escLine(s) {
		return s.replace(/([\\*_`\[\]<>])/g, "\\$1");
	}
	function oneLine(s) {
		return s.replace(/\s+/g, " ").trim();
	}

	$("media-picker-insert").addEventListener("click", function () {
		var a = oneLine(alt.value), c = oneLine(caption.value), cr = oneLine(credit.value);
		if (!chosen) {
			chooseError.hidden = false;
			(list.querySelector(".media-picker-item") || fileInput).focus();
			return;
		}
		if (!a) {
			setError(altError, alt, altError.textContent);
			alt.focus();
			return;
		}
		setError(altError, alt, "");
		/* An image uploaded here has no alt text in the library yet: give
		 * it this one, so it is described wherever it is used next (a
		 * featured image takes the library's).  The library's own form. */
		if (!chosen.getAttribute("data-alt") && chosen.getAttribute("data-id")) {
			var params = new URLSearchParams();
			params.append("csrf", form.elements.csrf.value);
			params.append("alt", a);
			chosen.setAttribute("data-alt", a);
			altSaved = fetch("/admin/media/" + chosen.getAttribute("data-id"), {
				method: "POST",
				body: params,
				credentials: "same-origin"
			}).then(function (r) {
				return r.ok;
			}, function () {
				return false;
			});
		}
		var md = "![" + escAlt(a) + "](" + chosen.getAttribute("data-url") +
			(c ? ' "' + escTitle(c) + '"' : "") + ")";
		if (cr) {
			md += "\n*" + escLine(cr) + "*";
		}
		/* A paragraph of its own: blank lines around it. */
		var before = body.value.slice(0, selection.start);
		var after = body.value.slice(selection.end);
		var lead = before === "" ? "" : /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
		var trail = after === "" ? "\n" : /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
		body.value = before + lead + md + trail + after;
		var caret = (before + lead + md + trail).length;
		dialog.close();
		body.focus();
		body.setSelectionRange(caret, caret);
		/* The desk's preview, word count and unsaved-changes guard listen. */
		body.dispatchEvent(new Event("input", {bubbles: true}));
		alt.value = caption.value = credit.value = "";
	});

	openButton.addEventListener("click", function () {
		selection = {start: body.selectionStart, end: body.selectionEnd};
		setError(altError, alt, "");
		chooseError.hidden = true;
		dialog.showModal();
		load();
	});
	$("media-picker-close").addEventListener("click", function () {
		dialog.close();
		body.focus();
	});

	openButton.hidden = false;
	/* For the browser tests: load the list; the last alt text sent. */
	window.gazettePicker = {
		load: load,
		altSaved: function () {
			return altSaved;
		}
	};
}());
