/* Cookie banner, progressive enhancement.  Without JavaScript the banner is
 * a plain form that posts to /consent and comes back.  With it, the same
 * form is posted in the background and the banner hides without a reload.
 * Any failure falls back to the ordinary form submission. */
(function () {
	"use strict";

	function fallback(form, choice) {
		var input = document.createElement("input");
		input.type = "hidden";
		input.name = "choice";
		input.value = choice;
		form.appendChild(input);
		HTMLFormElement.prototype.submit.call(form);
	}

	function enhance() {
		var form = document.querySelector("form[data-consent]");
		if (!form || !window.fetch || !window.URLSearchParams) {
			return;
		}
		form.addEventListener("submit", function (ev) {
			var button = ev.submitter;
			if (!button || !button.value) {
				return;
			}
			ev.preventDefault();
			var body = new URLSearchParams();
			body.set("choice", button.value);
			body.set("next", form.elements.next.value);
			fetch(form.action, {
				method: "POST",
				body: body,
				credentials: "same-origin",
				redirect: "manual"
			}).then(function (r) {
				if (r.type === "opaqueredirect" || r.ok) {
					var banner = form.closest(".consent");
					banner.hidden = true;
					var status = document.createElement("p");
					status.className = "visually-hidden";
					status.setAttribute("role", "status");
					status.textContent = button.value === "accept"
						? "Cookies accepted." : "Optional cookies rejected.";
					document.body.appendChild(status);
					var main = document.getElementById("content");
					if (main) {
						main.setAttribute("tabindex", "-1");
						main.focus();
					}
				} else {
					fallback(form, button.value);
				}
			}, function () {
				fallback(form, button.value);
			});
		});
	}

	if (document.readyState === "loading") {
		document.addEventListener("DOMContentLoaded", enhance);
	} else {
		enhance();
	}
}());
