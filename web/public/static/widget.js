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

  window.WebChat.default({
    selector: "#webchat",
    initPayload: "/greet",
    socketUrl: config.socketUrl,
    socketPath: "/socket.io/",
    title: "B-ALL report guide",
    subtitle: "General information, not medical advice",
    inputTextFieldHint: "Ask about your report...",
    showMessageDate: false,
    params: { storage: "local" },
    // a short typing pause, not one that grows with the length of the answer
    customMessageDelay: function () { return 300; }
  }, null);

  new MutationObserver(function () { makeKeyboardFriendly(document); })
    .observe(document.body, { childList: true, subtree: true });
})();
