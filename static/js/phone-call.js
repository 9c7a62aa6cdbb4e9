// Phone-call case: the trainee conducts the call in place. « Répondre » adds the chosen reply to the step's
// transcript (as a hidden input posting its id under the step's field), shows the next line of the debtor or
// opens the next step, and lets the draft autosave (case-autosave.js) store the path. Without this script the
// same button saves the draft and the server shows the next line.
(function () {
  "use strict";
  var source = document.getElementById("call-graph");
  var form = document.getElementById("case-form");
  if (!source || !form) { return; }
  var call = JSON.parse(source.textContent);
  var codes = call.steps.map(function (step) { return step.code; });
  // A reply only counts once said: the options post under another name, so the autosave never stores a
  // reply merely ticked (without JavaScript, ticking and « Répondre » go together).
  var PENDING = ":choix";
  form.querySelectorAll(".call-replies input[type=radio]").forEach(function (radio) { radio.name += PENDING; });

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function line(className, speaker, text) {
    var item = element("li", "call-line " + className);
    item.appendChild(element("span", "call-speaker", speaker));
    item.appendChild(document.createTextNode(" «\u00a0" + text + "\u00a0»"));
    return item;
  }

  function status(box, text) {
    var old = box.querySelector(".call-status");
    if (old) { old.remove(); }
    if (text) { box.insertBefore(element("p", "hint call-status", text), box.querySelector(".error")); }
  }

  function ask(box, node) {
    var name = box.getAttribute("data-field");
    box.querySelector(".call-transcript").appendChild(line("call-debtor", node.speaker, node.line));
    var set = element("fieldset", "call-replies");
    set.setAttribute("data-node", node.id);
    set.tabIndex = -1;
    set.appendChild(element("legend", "", "Votre réplique"));
    node.replies.forEach(function (reply) {
      var label = element("label", "call-reply");
      var input = element("input");
      input.type = "radio";
      input.name = name + PENDING;
      input.value = reply.id;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + reply.text));
      set.appendChild(label);
    });
    var button = element("button", "button", "Répondre");
    button.type = "submit";
    button.setAttribute("data-call-say", "");
    set.appendChild(button);
    status(box, "");
    box.insertBefore(set, box.querySelector(".error"));
    box.className = box.className.replace(/\bcall-(locked|done)\b/, "call-open");
    return set;
  }

  function say(set) {
    var box = set.closest("[data-call-step]");
    var chosen = set.querySelector("input[type=radio]:checked");
    var slot = box.querySelector(".error");
    if (!chosen) {
      slot.textContent = "Choisissez une réplique avant de répondre.";
      set.querySelector("input[type=radio]").focus();
      return;
    }
    slot.textContent = "";
    var reply = call.nodes[set.getAttribute("data-node")].replies.filter(function (r) { return r.id === chosen.value; })[0];
    var said = line("call-you", "Vous", reply.text);
    var kept = element("input");
    kept.type = "hidden";
    kept.name = box.getAttribute("data-field");
    kept.value = reply.id;
    said.appendChild(kept);
    box.querySelector(".call-transcript").appendChild(said);
    set.remove();
    var next = null;
    if (reply.next) {
      next = ask(box, call.nodes[reply.next]);
    } else {
      box.className = box.className.replace(/\bcall-open\b/, "call-done");
      status(box, "Étape terminée.");
      var following = codes.indexOf(box.getAttribute("data-call-step")) + 1;
      if (following < codes.length) {
        var step = call.steps[following];
        next = ask(form.querySelector('[data-call-step="' + step.code + '"]'), call.nodes[step.entry]);
      } else {
        status(box, "Appel terminé\u00a0: vous pouvez remettre le cas pour correction.");
        next = box.querySelector(".call-status");
        next.setAttribute("role", "status");
        next.tabIndex = -1;
      }
    }
    if (next) { next.focus(); }
    form.dispatchEvent(new Event("change", { bubbles: true }));  // the draft autosave stores the path
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-call-say]");
    if (!button) { return; }
    event.preventDefault();
    say(button.closest(".call-replies"));
  });
}());
