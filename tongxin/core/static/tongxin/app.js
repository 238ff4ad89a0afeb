// Tongxin's own small script: navigation toggle, confirmations, the record form's
// type-dependent measures and its autosave. Written here; no third-party code.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("main-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Anything destructive asks first.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  // No inline script or style (the CSP refuses them): what templates would have written
  // as onchange=, style="width: N%" or hx-on is done here from data attributes.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  document.querySelectorAll("[data-percent]").forEach((bar) => {
    bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.percent) || 0)) + "%";
  });
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const busy = event.detail.elt.dataset && event.detail.elt.dataset.busy;
    if (busy) document.getElementById(busy).hidden = false;
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const data = event.detail.elt.dataset || {};
    if (data.busy && !event.detail.successful) {
      document.getElementById(data.busy).hidden = true;
      if (data.failed) document.getElementById(data.failed).hidden = false;
    }
  });

  const recordForm = document.getElementById("record-form");
  if (recordForm) setUpRecordForm(recordForm);

  if (document.body.dataset.idleSeconds) setUpIdleLogout(document.body);
});

// Idle logout: the server ends a session after SESSION_IDLE_MINUTES without a request;
// a minute before, the page warns and offers to continue. At the end it goes to the
// login page, which returns the user here after logging in again.
// The server pushes the expiry forward at most once per SESSION_REFRESH_SECONDS, not on
// every request, so the page never assumes a request restarted the whole idle time: it
// starts from the time left when it was rendered (data-idle-seconds) and takes each
// later answer's X-Idle-Seconds header (its own requests: htmx, autosave, continue).
function setUpIdleLogout(body) {
  const warnMs = Number(body.dataset.idleWarning) * 1000;
  const dialog = document.querySelector(".idle-warning");
  const countdown = dialog && dialog.querySelector(".idle-countdown");
  let deadline = Date.now() + Number(body.dataset.idleSeconds) * 1000;
  const csrf = () => {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  };
  const setLeft = (header) => {
    if (header === null || header === undefined || header === "") return;
    const seconds = Number(header);
    if (!Number.isFinite(seconds)) return;
    deadline = Date.now() + seconds * 1000;
    if (dialog && seconds * 1000 > warnMs) dialog.hidden = true;
  };
  document.addEventListener("tongxin:activity", (event) => {
    setLeft(event.detail && event.detail.idleSeconds);
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const xhr = event.detail && event.detail.xhr;
    if (xhr) setLeft(xhr.getResponseHeader("X-Idle-Seconds"));
  });
  if (dialog) {
    dialog.querySelector(".idle-continue").addEventListener("click", () => {
      fetch(body.dataset.pingUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrf() },
        credentials: "same-origin",
      }).then((response) => {
        if (response.ok) setLeft(response.headers.get("X-Idle-Seconds"));
      }).catch(() => {});
    });
  }
  setInterval(() => {
    const left = deadline - Date.now();
    if (left <= 0) {
      const here = window.location.pathname + window.location.search;
      window.location.assign(body.dataset.loginUrl + "?idle=1&next=" + encodeURIComponent(here));
    } else if (left <= warnMs && dialog) {
      dialog.hidden = false;
      countdown.textContent = String(Math.ceil(left / 1000));
    }
  }, 1000);
}

function setUpRecordForm(form) {
  // The record type decides which measures appear: "id:countWord:participants:amount".
  const typeField = form.querySelector(".field-record_type");
  const types = {};
  (typeField.dataset.types || "").split(",").forEach((entry) => {
    const [id, word, participants, amount] = entry.split(":");
    if (id) types[id] = { word: word === "-" ? "" : word, participants: participants === "1", amount: amount === "1" };
  });
  const select = typeField.querySelector("select");
  const show = (name, visible) => {
    const p = form.querySelector(".field-" + name);
    if (p) p.hidden = !visible;
  };
  const applyType = () => {
    const t = types[select.value];
    show("count", !!(t && t.word));
    show("participants", !!(t && t.participants));
    show("amount", !!(t && t.amount));
    const countLabel = form.querySelector(".field-count label");
    if (t && t.word && countLabel) countLabel.dataset.unit = "（" + t.word + "）";
  };
  select.addEventListener("change", applyType);
  applyType();

  // Autosave a half-filled form every few seconds, so an idle logout loses nothing.
  const status = form.querySelector(".autosave-status");
  let dirty = false;
  let lastSaved = "";
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("change", () => { dirty = true; });
  form.addEventListener("submit", () => { dirty = false; });
  const save = () => {
    if (!dirty) return;
    const data = new FormData(form);
    // Files go with the real submit only, not every few seconds.
    for (const [key, value] of [...data.entries()]) {
      if (value instanceof File) data.delete(key);
    }
    if (form.dataset.record) data.set("record", form.dataset.record);
    const body = new URLSearchParams(data).toString();
    if (body === lastSaved) return;
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: data,
      headers: { "X-CSRFToken": data.get("csrfmiddlewaretoken") },
      credentials: "same-origin",
    }).then((response) => {
      if (response.ok) {
        lastSaved = body;
        dirty = false;
        if (status) status.textContent = "已自动保存草稿 " + new Date().toLocaleTimeString();
        // The answer says how long the session has left (see setUpIdleLogout).
        document.dispatchEvent(new CustomEvent("tongxin:activity", {
          detail: { idleSeconds: response.headers.get("X-Idle-Seconds") },
        }));
      }
    }).catch(() => {});
  };
  setInterval(save, 5000);
}
