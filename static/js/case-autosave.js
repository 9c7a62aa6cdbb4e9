// Case draft autosave: posts the form to its save address a moment after the trainee stops typing.
// The form works without this script (the "Enregistrer le brouillon" button does the same).
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) { return; }
  var status = document.getElementById("autosave-status");
  var token = document.querySelector('meta[name="csrf-token"]');
  var timer = null;
  var stopped = false;

  function say(text) { if (status) { status.textContent = text; } }

  function showErrors(errors) {
    form.querySelectorAll("[data-field]").forEach(function (box) {
      var message = errors[box.getAttribute("data-field")] || "";
      var slot = box.querySelector(".error");
      if (slot) { slot.textContent = message; }
      box.classList.toggle("has-error", message !== "");
      box.querySelectorAll("input[type=text], textarea").forEach(function (input) {
        if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
      });
    });
  }

  function save() {
    timer = null;
    if (stopped) { return; }
    var headers = { "Accept": "application/json" };
    if (token) { headers["X-CSRFToken"] = token.content; }
    fetch(form.getAttribute("data-autosave"), { method: "POST", body: new FormData(form), headers: headers,
                                                credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      })
      .then(function (result) {
        var data = result.data;
        if (result.status === 200 || result.status === 400) {
          form.elements.revision.value = data.revision;
          showErrors(data.errors || {});
          var time = new Date(data.saved_at).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" });
          var count = Object.keys(data.errors || {}).length;
          say("Brouillon enregistré automatiquement à " + time + (count ? " — " + count +
              (count > 1 ? " réponses illisibles à corriger." : " réponse illisible à corriger.") : "."));
        } else {
          stopped = true;
          say((data && data.error) || "Enregistrement automatique impossible\u00a0: utilisez le bouton «\u00a0Enregistrer le brouillon\u00a0».");
        }
      })
      .catch(function () {
        say("Enregistrement automatique impossible pour le moment\u00a0: utilisez le bouton «\u00a0Enregistrer le brouillon\u00a0».");
      });
  }

  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 1500);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", function () { if (timer) { clearTimeout(timer); timer = null; } stopped = true; });
}());
