// Starts the chat widget (rasa-webchat) and makes its suggested-question
// buttons usable from the keyboard: the bundle renders them as plain
// elements, so each gets role="button", a tab stop, and Enter/Space.
(function () {
  "use strict";
  var config = window.GUIDE_CONFIG || {};

  function makeKeyboardFriendly(root) {
    var replies = root.querySelectorAll(".rw-reply:not([data-kb])");
    for (var i = 0; i < replies.length; i++) {
      var reply = replies[i];
      reply.setAttribute("data-kb", "1");
      reply.setAttribute("role", "button");
      reply.setAttribute("tabindex", "0");
      reply.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          event.currentTarget.click();
        }
      });
    }
  }

  // The report summary (a bot message with answer_kind "report_summary") is
  // kept on the page, where it can be copied or printed.
  function showSummary(data) {
    var meta = (data && (data.metadata || data.custom)) || {};
    if (meta.answer_kind !== "report_summary" || !data.text) { return; }
    document.getElementById("summary-text").textContent = data.text;
    document.getElementById("summary").hidden = false;
  }

  function say(text) { document.getElementById("summary-status").textContent = text; }

  document.getElementById("copy-summary").addEventListener("click", function () {
    var text = document.getElementById("summary-text").textContent;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { say("Copied."); },
        function () { say("Copying did not work here: select the text and copy it."); });
    } else {
      say("Copying did not work here: select the text and copy it.");
    }
  });
  document.getElementById("print-summary").addEventListener("click", function () { window.print(); });

  // The language switch: the chat answers in the chosen language (a message
  // clearly written in the other one is still answered in that one). The
  // choice is kept in this browser and sent with every message.
  var WORDS = {
    en: { title: "B-ALL report guide", subtitle: "General information, not medical advice",
          hint: "Ask about your report..." },
    es: { title: "Guía del informe de LLA-B", subtitle: "Información general, no consejo médico",
          hint: "Pregunte sobre su informe..." }
  };
  var language = localStorage.getItem("guide-language") === "es" ? "es" : "en";
  var buttons = document.querySelectorAll("button.lang");
  for (var b = 0; b < buttons.length; b++) {
    buttons[b].setAttribute("aria-pressed", String(buttons[b].getAttribute("data-lang") === language));
    buttons[b].addEventListener("click", function (event) {
      var chosen = event.currentTarget.getAttribute("data-lang");
      if (chosen === language) { return; }
      localStorage.setItem("guide-language", chosen);
      window.location.reload();
    });
  }

  window.WebChat.default({
    onSocketEvent: { bot_uttered: showSummary },
    selector: "#webchat",
    initPayload: "/greet",
    customData: { language: language },
    socketUrl: config.socketUrl,
    socketPath: "/socket.io/",
    title: WORDS[language].title,
    subtitle: WORDS[language].subtitle,
    inputTextFieldHint: WORDS[language].hint,
    showMessageDate: false,
    params: { storage: "local" },
    // a short typing pause, not one that grows with the length of the answer
    customMessageDelay: function () { return 300; }
  }, null);

  new MutationObserver(function () { makeKeyboardFriendly(document); })
    .observe(document.body, { childList: true, subtree: true });
})();
