/* Encours exam page: builds the questions from the attempt's data (the exam API's payload, embedded in the
   page), saves every answer at once through the exam API, retries failed saves, counts down from the server's
   remaining time, announces 10, 5 and 1 minutes left to screen readers, submits at the end.
   The server is the authority: it refuses late saves (409) and grades overdue attempts by itself.
   Question, choice and label texts arrive rendered and sanitised by the server; everything else is text. */
(function () {
  "use strict";
  var root = document.getElementById("exam");
  if (!root) { return; }
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var saveUrl = root.dataset.saveUrl, submitUrl = root.dataset.submitUrl, checkUrl = root.dataset.checkUrl;
  var reviewUrl = root.dataset.reviewUrl;
  var statusEl = document.getElementById("save-status");
  var alertEl = document.getElementById("save-alert");
  var form = document.getElementById("exam-form");
  var attempt = JSON.parse(document.getElementById("attempt-data").textContent);
  var immediate = !!root.dataset.immediate;
  var pending = {};      // question id -> {answer, ts}: not yet acknowledged
  var inflight = {};     // question id -> true while a request is on its way
  var retryDelay = {};   // question id -> next retry delay (ms)
  var lastTs = 0;
  var finished = false;
  var clockOffset = 0;   // server time - client time (ms)

  function nextTs() { lastTs = Math.max(Date.now(), lastTs + 1); return lastTs; }
  function timeFr(iso) {
    var d = iso ? new Date(iso) : new Date();
    return d.toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify(body || {})
    });
  }
  function fieldset(id) { return document.getElementById("question-" + id); }
  function questionStatus(id, text, isError) {
    var el = document.getElementById("status-" + id);
    if (!el) { return; }
    el.textContent = text;
    el.classList.toggle("error", !!isError);
    if (isError) { el.setAttribute("role", "alert"); } else { el.removeAttribute("role"); }
  }
  function showAlert(text) {
    alertEl.textContent = text;
    alertEl.hidden = !text;
  }
  function unsavedCount() { return Object.keys(pending).length; }

  /* --- answers ------------------------------------------------------------------------------------ */
  function readAnswer(fs) {
    var type = fs.dataset.type;
    if (type === "single") {
      var r = fs.querySelector("input[type=radio]:checked");
      return r ? r.value : null;
    }
    if (type === "truefalse") {
      var t = fs.querySelector("input[type=radio]:checked");
      return t ? t.value === "true" : null;
    }
    if (type === "multiple") {
      return Array.prototype.map.call(fs.querySelectorAll("input[type=checkbox]:checked"), function (c) { return c.value; });
    }
    if (type === "numeric") {
      var v = fs.querySelector("input[type=text]").value.trim();
      return v === "" ? null : v;
    }
    if (type === "matching") {
      var pairs = {};
      fs.querySelectorAll("select").forEach(function (s) { if (s.value) { pairs[s.dataset.left] = s.value; } });
      return pairs;
    }
    return null;
  }
  function writeAnswer(fs, answer) {
    var type = fs.dataset.type;
    if (type === "single" || type === "truefalse") {
      fs.querySelectorAll("input[type=radio]").forEach(function (r) { r.checked = answer !== null && r.value === String(answer); });
    } else if (type === "multiple") {
      fs.querySelectorAll("input[type=checkbox]").forEach(function (c) { c.checked = (answer || []).indexOf(c.value) >= 0; });
    } else if (type === "numeric") {
      fs.querySelector("input[type=text]").value = answer === null ? "" : String(answer).replace(".", ",");
    } else if (type === "matching") {
      fs.querySelectorAll("select").forEach(function (s) { s.value = (answer || {})[s.dataset.left] || ""; });
    }
  }

  /* --- questions ------------------------------------------------------------------------------------ */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function sanitisedHtml(tag, attrs, html) {  /* rendered and sanitised by the server */
    var node = el(tag, attrs);
    node.innerHTML = html;
    return node;
  }
  function choiceList(q, inputType) {
    return el("ul", { "class": "choices" }, q.choices.map(function (c) {
      var value = q.type === "truefalse" ? String(c.id).toLowerCase() : String(c.id);
      var input = el("input", { type: inputType, name: "q-" + q.id, value: value });
      return el("li", {}, [el("label", {}, [input, " ", sanitisedHtml("span", {}, c.text)])]);
    }));
  }
  function numericField(q) {
    var id = "q-" + q.id + "-input", hint = "q-" + q.id + "-hint";
    return el("div", { "class": "field numeric-field" }, [
      el("label", { "for": id }, ["Votre réponse"]),
      el("input", { type: "text", id: id, name: "q-" + q.id, inputmode: "decimal", autocomplete: "off",
                    spellcheck: "false", "aria-describedby": hint }),
      el("p", { "class": "hint", id: hint }, ["Un nombre ; la virgule décimale est acceptée (exemple : 1 234,5)."])
    ]);
  }
  function matchingRows(q) {
    return el("div", { "class": "matching" }, q.lefts.map(function (left) {
      var id = "q-" + q.id + "-" + left.id;
      var options = [el("option", { value: "" }, ["— choisir —"])].concat(q.choices.map(function (c) {
        return el("option", { value: String(c.id) }, [c.label]);
      }));
      return el("div", { "class": "match-row" }, [
        sanitisedHtml("label", { "for": id }, left.text),
        el("select", { id: id, name: "q-" + q.id, "data-left": left.id }, options)
      ]);
    }));
  }
  function renderQuestion(q, number, total) {
    var fs = el("fieldset", { "class": "question", id: "question-" + q.id, "data-question-id": q.id,
                              "data-type": q.type, "aria-describedby": "status-" + q.id }, [
      el("legend", {}, [el("span", { "class": "question-number" }, ["Question " + number]),
                        el("span", { "class": "visually-hidden" }, [" sur " + total])]),
      sanitisedHtml("div", { "class": "question-text" }, q.text)
    ]);
    if (q.type === "single" || q.type === "truefalse") { fs.appendChild(choiceList(q, "radio")); }
    else if (q.type === "multiple") {
      fs.appendChild(el("p", { "class": "hint" }, ["Plusieurs réponses possibles."]));
      fs.appendChild(choiceList(q, "checkbox"));
    } else if (q.type === "numeric") { fs.appendChild(numericField(q)); }
    else if (q.type === "matching") { fs.appendChild(matchingRows(q)); }
    var saved = Object.prototype.hasOwnProperty.call(attempt.responses, String(q.id));
    fs.appendChild(el("p", { "class": "question-status", id: "status-" + q.id }, [saved ? "Réponse enregistrée." : ""]));
    if (saved) { writeAnswer(fs, attempt.responses[String(q.id)]); }
    if (immediate) {
      var zone = el("div", { "class": "check-zone" }, [el("div", { "class": "check-result", "aria-live": "polite" })]);
      var check = attempt.checks[String(q.id)];
      if (check) { showCheck(fs, zone, check); }
      else { zone.insertBefore(el("button", { type: "button", "class": "button check-button" }, ["Vérifier ma réponse"]), zone.firstChild); }
      fs.appendChild(zone);
    }
    return fs;
  }
  function renderQuestions() {
    var all = document.createDocumentFragment(), total = attempt.questions.length;
    attempt.questions.forEach(function (q, index) { all.appendChild(renderQuestion(q, index + 1, total)); });
    document.getElementById("questions").appendChild(all);
  }

  function queueSave(fs) {
    if (finished) { return; }
    var id = fs.dataset.questionId;
    pending[id] = { answer: readAnswer(fs), ts: nextTs() };
    questionStatus(id, "Enregistrement…");
    send(id);
  }

  function send(id) {
    if (inflight[id] || !pending[id] || finished) { return; }
    var item = pending[id];
    inflight[id] = true;
    post(saveUrl, { question_id: Number(id), answer: item.answer, client_ts: item.ts }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) { return [response.status, data]; });
    }).then(function (result) {
      inflight[id] = false;
      var status = result[0], data = result[1];
      if (status === 200) {
        if (pending[id] === item) { delete pending[id]; }
        retryDelay[id] = 0;
        syncClock(data);
        if (data.stale) {
          writeAnswer(fieldset(id), data.answer);
          questionStatus(id, "Une réponse plus récente, donnée dans un autre onglet, a été conservée (enregistrée à " + timeFr(data.saved_at) + ").");
        } else {
          questionStatus(id, "Réponse enregistrée à " + timeFr(data.saved_at) + ".");
        }
        statusEl.textContent = "Dernier enregistrement à " + timeFr(data.saved_at) + ".";
        if (!unsavedCount()) { showAlert(""); }
        if (pending[id]) { send(id); }
      } else if (status === 409) {
        delete pending[id];
        endOfAttempt(data.error || "Cette tentative est terminée.");
      } else if (status === 400) {
        delete pending[id];
        questionStatus(id, (data.error || "Réponse refusée.") + " Corrigez votre réponse.", true);
      } else if (status === 401 || status === 403) {
        showAlert("Votre session a expiré : vos dernières réponses ne sont pas enregistrées. Reconnectez-vous dans un autre onglet puis modifiez à nouveau ces réponses.");
        questionStatus(id, "Non enregistrée (session expirée).", true);
      } else {
        retry(id);
      }
    }, function () {
      inflight[id] = false;
      retry(id);
    });
  }

  function retry(id) {
    var delay = Math.min(Math.max((retryDelay[id] || 500) * 2, 1000), 15000);
    retryDelay[id] = delay;
    var seconds = Math.round(delay / 1000);
    questionStatus(id, "Échec de l'enregistrement : nouvel essai dans " + seconds + " s.", true);
    showAlert("Attention : " + unsavedCount() + " réponse(s) pas encore enregistrée(s) (connexion perdue ?). Nouvel essai automatique ; ne fermez pas cette page.");
    setTimeout(function () { send(id); }, delay);
  }

  function flush() {
    Object.keys(pending).forEach(send);
    return new Promise(function (resolve) {
      var waited = 0;
      (function wait() {
        if (!unsavedCount() || waited > 10000) { resolve(); return; }
        waited += 200;
        setTimeout(wait, 200);
      })();
    });
  }

  renderQuestions();

  var typingTimers = {};
  form.addEventListener("change", function (event) {
    var fs = event.target.closest("fieldset.question");
    if (fs) { clearTimeout(typingTimers[fs.dataset.questionId]); queueSave(fs); }
  });
  form.addEventListener("input", function (event) {
    var fs = event.target.closest("fieldset.question");
    if (fs && fs.dataset.type === "numeric") {
      var id = fs.dataset.questionId;
      clearTimeout(typingTimers[id]);
      typingTimers[id] = setTimeout(function () { queueSave(fs); }, 800);
    }
  });

  /* --- practice: check one answer ----------------------------------------------------------------- */
  form.addEventListener("click", function (event) {
    var button = event.target.closest(".check-button");
    if (!button) { return; }
    var fs = button.closest("fieldset.question"), id = fs.dataset.questionId;
    flush().then(function () {
      return post(checkUrl, { question_id: Number(id) });
    }).then(function (response) {
      return response.json().then(function (data) { return [response.status, data]; });
    }).then(function (result) {
      if (result[0] !== 200) { questionStatus(id, result[1].error || "Vérification impossible.", true); return; }
      button.remove();
      showCheck(fs, fs.querySelector(".check-zone"), result[1]);
    });
  });

  /* The correction of a checked question (the check API's answer, or the page's data after a reload): the
     verdict, the feedback, and the right answer selected in the inputs, which can no longer change. */
  function showCheck(fs, zone, data) {
    var result = zone.querySelector(".check-result");
    var verdict = data.fraction >= 0.999 ? "Bonne réponse." :
      (data.fraction > 0 ? "Réponse partiellement juste (" + Math.round(data.fraction * 100) + "\u00a0%)." : "Réponse inexacte.");
    result.textContent = "";
    result.appendChild(el("p", { "class": "verdict " + (data.fraction >= 0.999 ? "ok" : (data.fraction > 0 ? "partial" : "wrong")) }, [verdict]));
    data.feedback.forEach(function (html) { result.appendChild(sanitisedHtml("div", { "class": "feedback" }, html)); });
    result.appendChild(el("p", { "class": "hint" }, ["La bonne réponse est maintenant sélectionnée."]));
    writeAnswer(fs, data.correct_answer);
    fs.disabled = true;
  }

  /* --- submit --------------------------------------------------------------------------------------- */
  function submitAttempt(automatic) {
    if (finished && !automatic) { return; }
    finished = true;
    statusEl.textContent = automatic ? "Temps écoulé : envoi de vos réponses…" : "Envoi de vos réponses…";
    post(submitUrl).then(function (response) {
      return response.json().then(function (data) { return [response.status, data]; });
    }).then(function (result) {
      if (result[0] === 200 || result[0] === 409) { window.location.assign(result[1].review_url || reviewUrl); }
      else { throw new Error("submit " + result[0]); }
    }).catch(function () {
      showAlert("L'envoi a échoué : nouvel essai dans 3 s. Vos réponses enregistrées sont conservées sur le serveur.");
      setTimeout(function () { submitAttempt(true); }, 3000);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var unanswered = Array.prototype.filter.call(form.querySelectorAll("fieldset.question"), function (fs) {
      var a = readAnswer(fs);
      return a === null || (Array.isArray(a) && !a.length) || (typeof a === "object" && a !== null && !Array.isArray(a) && !Object.keys(a).length);
    }).length;
    var message = unanswered ? "Il reste " + unanswered + " question(s) sans réponse. Terminer quand même ?" :
      "Terminer l'épreuve et envoyer vos réponses ?";
    if (!window.confirm(message)) { return; }
    flush().then(function () { submitAttempt(false); });
  });

  function endOfAttempt(message) {
    finished = true;
    form.querySelectorAll("fieldset").forEach(function (fs) { fs.disabled = true; });
    showAlert(message + " Redirection vers le résultat…");
    setTimeout(function () { window.location.assign(reviewUrl); }, 4000);
  }

  window.addEventListener("beforeunload", function (event) {
    if (unsavedCount() && !finished) { event.preventDefault(); event.returnValue = ""; }
  });

  /* --- timer ---------------------------------------------------------------------------------------- */
  var timerEl = document.getElementById("timer");
  var announceEl = document.getElementById("timer-announce");
  var toggle = document.getElementById("timer-toggle");
  var deadline = root.dataset.deadline ? Date.parse(root.dataset.deadline) : null;
  clockOffset = Date.parse(root.dataset.serverTime) - Date.now();
  var announced = {};
  var MARKS = [[600, "Il reste 10 minutes."], [300, "Il reste 5 minutes."], [60, "Il reste 1 minute."]];

  function syncClock(data) {
    if (data.server_time) { clockOffset = Date.parse(data.server_time) - Date.now(); }
    if (data.deadline) { deadline = Date.parse(data.deadline); }
  }
  function remaining() { return deadline === null ? null : Math.max(0, (deadline - (Date.now() + clockOffset)) / 1000); }
  function format(seconds) {
    var s = Math.ceil(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var mm = (h ? String(m).padStart(2, "0") : String(m)), ss = String(r).padStart(2, "0");
    return (h ? h + " h " : "") + mm + " min " + ss + " s";
  }
  function tick() {
    var left = remaining();
    if (left === null || !timerEl) { return; }
    timerEl.textContent = format(left);
    timerEl.classList.toggle("low", left <= 300);
    MARKS.forEach(function (mark) {
      if (left <= mark[0] && left > mark[0] - 30 && !announced[mark[0]]) {
        announced[mark[0]] = true;
        announceEl.textContent = mark[1];
      } else if (left <= mark[0] - 30) {
        announced[mark[0]] = true;  /* resumed later than the mark: no stale announcement */
      }
    });
    if (left <= 0 && !finished) {
      announceEl.textContent = "Temps écoulé : vos réponses enregistrées sont envoyées.";
      flush().then(function () { submitAttempt(true); });
      return;
    }
    setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
  }
  if (toggle) {
    var hidden = window.localStorage && localStorage.getItem("encours-timer-hidden") === "1";
    var applyToggle = function () {
      timerEl.classList.toggle("timer-hidden", hidden);
      toggle.setAttribute("aria-pressed", hidden ? "true" : "false");
      toggle.textContent = hidden ? "Afficher le minuteur" : "Masquer le minuteur";
    };
    toggle.addEventListener("click", function () {
      hidden = !hidden;
      try { localStorage.setItem("encours-timer-hidden", hidden ? "1" : "0"); } catch (e) { /* private mode */ }
      applyToggle();
    });
    applyToggle();
  }
  var deadlineText = document.getElementById("deadline-text");
  if (deadlineText && deadline) { deadlineText.textContent = timeFr(root.dataset.deadline); }
  tick();
})();
