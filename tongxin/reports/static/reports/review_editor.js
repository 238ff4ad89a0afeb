// The review editor: blocks (heading / paragraph with its lead phrase) added, moved
// and removed; a figure from the picker inserted at the caret of the last text the
// editor was in. The stored source keeps its placeholders; nobody types them.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var form = document.getElementById("review-form");
    var list = document.getElementById("blocks");
    var template = document.getElementById("block-template");
    if (!form || !list || !template) return;
    var lastText = null;

    function changed() {
      document.body.dispatchEvent(new CustomEvent("blocks-changed", { bubbles: true }));
    }

    function setKind(block) {
      var kind = block.querySelector("[data-kind]").value;
      block.classList.remove("block-h1", "block-h2", "block-p");
      block.classList.add("block-" + kind);
    }

    function newBlock(kind) {
      var block = template.content.firstElementChild.cloneNode(true);
      block.querySelector("[data-kind]").value = kind;
      setKind(block);
      return block;
    }

    form.addEventListener("focusin", function (event) {
      if (event.target.matches("textarea[name=text]")) lastText = event.target;
    });

    form.addEventListener("change", function (event) {
      if (event.target.matches("[data-kind]")) setKind(event.target.closest("[data-block]"));
    });

    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button) return;
      var action = button.getAttribute("data-action");
      var block = button.closest("[data-block]");
      if (action === "add-section" || action === "add-paragraph") {
        var added = newBlock(action === "add-section" ? "h1" : "p");
        list.appendChild(added);
        added.querySelector("textarea").focus();
      } else if (action === "add" && block) {
        var next = newBlock("p");
        block.after(next);
        next.querySelector("textarea").focus();
      } else if (action === "remove" && block) {
        block.remove();
      } else if (action === "up" && block && block.previousElementSibling) {
        block.previousElementSibling.before(block);
      } else if (action === "down" && block && block.nextElementSibling) {
        block.nextElementSibling.after(block);
      } else {
        return;
      }
      changed();
    });

    // The picker's buttons arrive by htmx, so listen on the document.
    document.addEventListener("click", function (event) {
      var button = event.target.closest(".fc-insert");
      if (!button) return;
      var target = lastText;
      if (!target || !document.body.contains(target)) {
        var texts = list.querySelectorAll(".block-p textarea[name=text]");
        target = texts.length ? texts[texts.length - 1] : null;
      }
      if (!target) {
        list.appendChild(newBlock("p"));
        target = list.lastElementChild.querySelector("textarea");
      }
      // The token names the indicator (〔恳谈会场次·余〕); the server reads it back.
      var token = button.getAttribute("data-token");
      var start = target.selectionStart == null ? target.value.length : target.selectionStart;
      var end = target.selectionEnd == null ? start : target.selectionEnd;
      target.value = target.value.slice(0, start) + token + target.value.slice(end);
      target.focus();
      target.setSelectionRange(start + token.length, start + token.length);
      lastText = target;
      target.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
})();
