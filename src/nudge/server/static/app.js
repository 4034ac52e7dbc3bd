// The nudge demo page: a comment box that asks before an offensive comment is posted,
// and a creator panel. Plain JavaScript, no build step, nothing loaded from elsewhere.
//
// Safety rule of this file: text that a person wrote (comments, prompts, settings) only
// ever reaches the page through textContent or createTextNode, never innerHTML, so it is
// shown as text and can never run.
"use strict";

const CREATOR = "demo-creator";
const THREAD = "video-1";
const BULK_LIMIT = 100;

const state = {
  lang: "en",
  strings: {},
  author: "",
  draft: null, // {text, nudgeId, prompt, commentId} while the author reconsiders
  editing: false,
};

const $ = (id) => document.getElementById(id);

function t(key, values) {
  let text = state.strings[key] || key;
  for (const [name, value] of Object.entries(values || {})) {
    text = text.split("{" + name + "}").join(String(value));
  }
  return text;
}

function apiKeyHeaders() {
  const key = sessionStorage.getItem("nudge-api-key");
  return key ? { Authorization: "Bearer " + key } : {};
}

async function api(method, path, body) {
  const options = { method, headers: { ...apiKeyHeaders() } };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const data = await response.json();
  if (response.status === 401) {
    $("apikey-box").hidden = false;
  }
  if (!response.ok) {
    const error = new Error(data.error ? data.error.message : response.statusText);
    error.code = data.error ? data.error.code : "http_" + response.status;
    throw error;
  }
  return data;
}

function setStatus(id, text, kind) {
  const el = $(id);
  el.textContent = text;
  el.dataset.kind = kind || "";
}

function newId() {
  return "c-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8);
}

// ------------------------------------------------------------------- text with highlights

// The server's offsets count Unicode code points; JavaScript strings count UTF-16 units,
// so the text is split into code points before cutting.
function highlighted(container, text, matches) {
  container.replaceChildren();
  const chars = Array.from(text);
  const spans = matches.map((m) => [m.start, m.end]).sort((a, b) => a[0] - b[0]);
  let pos = 0;
  for (const [start, end] of spans) {
    if (start < pos) continue;
    container.appendChild(document.createTextNode(chars.slice(pos, start).join("")));
    const mark = document.createElement("mark");
    mark.textContent = chars.slice(start, end).join("");
    container.appendChild(mark);
    pos = end;
  }
  container.appendChild(document.createTextNode(chars.slice(pos).join("")));
}

// ------------------------------------------------------------------- the reconsider prompt

function showPrompt(prompt, assessment, verdictNote) {
  const dialog = $("prompt");
  $("prompt-text").textContent = prompt.text;
  dialog.dataset.kind = prompt.kind;
  const verdict = $("prompt-verdict");
  verdict.hidden = !verdictNote;
  verdict.textContent = verdictNote || "";
  highlighted($("prompt-comment"), assessment.text, assessment.matches);

  const resources = $("prompt-resources");
  resources.replaceChildren();
  resources.hidden = prompt.resources.length === 0;
  for (const r of prompt.resources) {
    const item = document.createElement("p");
    item.className = "resource";
    const name = document.createElement("strong");
    name.textContent = r.name;
    const contact = document.createElement("span");
    contact.className = "contact";
    contact.textContent = " " + t("resource_call") + " " + r.contact;
    item.append(name, contact);
    if (r.hours) {
      const hours = document.createElement("small");
      hours.textContent = " (" + r.hours + ")";
      item.appendChild(hours);
    }
    resources.appendChild(item);
  }

  const actions = $("prompt-actions");
  actions.replaceChildren();
  for (const a of prompt.actions) {
    let el;
    if (a.url) {
      el = document.createElement("a");
      el.href = a.url;
      el.target = "_blank";
      el.rel = "noopener noreferrer";
      el.className = "button";
    } else {
      el = document.createElement("button");
      el.type = "button";
      el.addEventListener("click", () => onPromptAction(a.action));
    }
    el.dataset.action = a.action;
    el.textContent = a.label;
    actions.appendChild(el);
  }
  if (!dialog.open) dialog.showModal();
}

function closePrompt() {
  const dialog = $("prompt");
  if (dialog.open) dialog.close();
}

async function onPromptAction(action) {
  const draft = state.draft;
  if (!draft) return closePrompt();
  try {
    if (action === "edit") {
      closePrompt();
      state.editing = true;
      $("comment-input").value = draft.current;
      $("comment-input").focus();
      setStatus("status", t("editing"));
    } else if (action === "post_anyway") {
      closePrompt();
      await api("POST", "/v1/outcome", { nudge_id: draft.nudgeId, outcome: "posted_anyway" });
      await publish(draft.current, draft.commentId);
    } else if (action === "delete") {
      closePrompt();
      await api("POST", "/v1/outcome", { nudge_id: draft.nudgeId, outcome: "withdrawn" });
      state.draft = null;
      state.editing = false;
      $("comment-input").value = "";
      setStatus("status", t("status_withdrawn"), "ok");
    }
  } catch (err) {
    setStatus("status", t("status_error", { message: err.message }), "error");
  }
  refreshStats();
}

// ------------------------------------------------------------------- posting

async function publish(text, commentId) {
  const result = await api("POST", "/v1/decide", {
    creator_id: CREATOR,
    comment: { id: commentId, text, author_id: state.author, thread_id: THREAD },
    locale: t("locale"),
  });
  state.draft = null;
  state.editing = false;
  $("comment-input").value = "";
  const stored = result.stored || "rejected";
  setStatus("status", t("status_" + stored), stored === "visible" ? "ok" : "info");
  await Promise.all([refreshThread(), refreshQueue()]);
}

async function onPost(event) {
  event.preventDefault();
  const text = $("comment-input").value;
  if (!text.trim()) {
    setStatus("status", t("status_empty"), "error");
    return;
  }
  $("post").disabled = true;
  try {
    if (state.editing && state.draft) {
      await reviewEdit(text);
    } else {
      await firstPost(text);
    }
  } catch (err) {
    setStatus("status", t("status_error", { message: err.message }), "error");
  } finally {
    $("post").disabled = false;
  }
  refreshStats();
}

async function firstPost(text) {
  const commentId = newId();
  const result = await api("POST", "/v1/prompt", {
    text,
    author_id: state.author,
    comment_id: commentId,
    locale: t("locale"),
  });
  if (!result.prompt) {
    await publish(text, commentId);
    return;
  }
  state.draft = {
    original: text,
    current: text,
    nudgeId: result.nudge_id,
    prompt: result.prompt,
    commentId,
  };
  setStatus("status", "");
  showPrompt(result.prompt, result.assessment, "");
}

async function reviewEdit(text) {
  const draft = state.draft;
  const review = await api("POST", "/v1/review", {
    before: draft.original,
    after: text,
    nudge_id: draft.nudgeId,
    comment_id: draft.commentId,
    locale: t("locale"),
  });
  draft.current = text;
  if (review.acceptable) {
    const thanks = review.thanks ? review.thanks.text : "";
    await publish(text, draft.commentId);
    if (thanks) setStatus("status", thanks, "ok");
    return;
  }
  state.editing = false;
  const note =
    review.verdict === "disguised"
      ? t("verdict_disguised", { terms: review.surviving_terms.join(", ") })
      : t("verdict_still_offensive");
  showPrompt(draft.prompt, review.assessment, note);
}

// ------------------------------------------------------------------- lists

function commentItem(c, withCheckbox) {
  const li = document.createElement("li");
  li.className = "comment";
  li.dataset.id = c.id;
  if (withCheckbox) {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.className = "pick";
    box.value = c.id;
    box.setAttribute("aria-label", c.id);
    li.appendChild(box);
  }
  const who = document.createElement("span");
  who.className = "author";
  who.textContent = c.author_id === state.author ? t("by_you") : c.author_id;
  const body = document.createElement("span");
  body.className = "text";
  body.textContent = c.text;
  li.append(who, body);
  return li;
}

async function refreshThread() {
  const data = await api(
    "GET",
    `/v1/creators/${CREATOR}/comments?status=visible&thread_id=${THREAD}`,
  );
  const list = $("thread");
  list.replaceChildren(...data.comments.map((c) => commentItem(c, false)));
  $("thread-empty").hidden = data.comments.length > 0;
}

async function refreshQueue() {
  const data = await api("GET", `/v1/creators/${CREATOR}/comments?status=pending`);
  $("queue").replaceChildren(...data.comments.map((c) => commentItem(c, true)));
  $("queue-count").textContent = String(data.comments.length);
  $("select-all").checked = false;
}

function percent(rate) {
  return rate.trials ? Math.round(rate.value * 100) + " % (" + rate.successes + "/" + rate.trials + ")" : "-";
}

async function refreshStats() {
  try {
    const data = await api("GET", "/v1/stats");
    $("stat-shown").textContent = String(data.total.shown);
    $("stat-changed").textContent = percent(data.total.withdrawn_or_edited);
    $("stat-acceptable").textContent = percent(data.total.edits_acceptable);
    $("stat-posted").textContent = String(data.total.posted_anyway);
  } catch (err) {
    // The figures are informative only; the rest of the page keeps working.
  }
}

// ------------------------------------------------------------------- creator panel

function splitList(value) {
  return value
    .split(/[,\s]+/u)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

function isEmoji(word) {
  return /\p{Extended_Pictographic}/u.test(word);
}

async function loadSettings() {
  const data = await api("GET", `/v1/creators/${CREATOR}/settings`);
  const policies = data.settings.policies || [];
  if (policies.length === 0) {
    // A new demo creator starts with the default settings (see saveSettings).
    await api("PUT", `/v1/creators/${CREATOR}/settings`, defaultSettings([]));
  }
  $("filter-all").checked = policies.some((p) => p.type === "filter_all");
  const kw = policies.find((p) => p.type === "keyword_filter");
  $("keywords").value = kw && kw.words ? kw.words.join(", ") : "";
  $("emoji").value = kw && kw.emoji ? kw.emoji.join(" ") : "";
}

function defaultSettings(policies) {
  // An offensive comment the author posted anyway waits for the creator.
  const all = [...policies, { type: "offensive_filter", threshold: 0.5, action: "hold" }];
  return { version: 1, policies: all };
}

async function saveSettings(event) {
  event.preventDefault();
  const policies = [];
  if ($("filter-all").checked) policies.push({ type: "filter_all" });
  const words = splitList($("keywords").value);
  const emoji = splitList($("emoji").value).filter(isEmoji);
  if (words.length || emoji.length) {
    const kw = { type: "keyword_filter" };
    if (words.length) kw.words = words;
    if (emoji.length) kw.emoji = emoji;
    policies.push(kw);
  }
  try {
    await api("PUT", `/v1/creators/${CREATOR}/settings`, defaultSettings(policies));
    setStatus("settings-status", t("saved"), "ok");
  } catch (err) {
    setStatus("settings-status", t("status_error", { message: err.message }), "error");
  }
}

async function bulk(action) {
  const picked = Array.from(document.querySelectorAll("#queue .pick:checked")).map((b) => b.value);
  if (picked.length === 0) {
    setStatus("bulk-status", t("bulk_none"), "error");
    return;
  }
  const batch = picked.slice(0, BULK_LIMIT);
  try {
    const result = await api("POST", `/v1/creators/${CREATOR}/bulk`, { action, ids: batch });
    let text = t("bulk_result", {
      done: result.counts.done,
      requested: result.requested,
      action: t("action_" + action),
      skipped: result.counts.skipped,
      failed: result.counts.failed,
    });
    if (picked.length > batch.length) {
      text += " " + t("bulk_over", { left: picked.length - batch.length, limit: BULK_LIMIT });
    }
    setStatus("bulk-status", text, "ok");
  } catch (err) {
    setStatus("bulk-status", t("status_error", { message: err.message }), "error");
  }
  await Promise.all([refreshQueue(), refreshThread()]);
}

// ------------------------------------------------------------------- start

function translate() {
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  for (const el of document.querySelectorAll("[data-i18n-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  }
  $("lang-" + state.lang).setAttribute("aria-current", "page");
}

async function start() {
  const wanted = new URLSearchParams(location.search).get("lang");
  state.lang = wanted === "fr" ? "fr" : "en";
  const response = await fetch(`/static/i18n/${state.lang}.json`);
  state.strings = await response.json();
  translate();
  // A new viewer for every page load: their history (escalation, fatigue) lasts as long
  // as the page.
  state.author = "viewer-" + newId().slice(2);

  $("comment-form").addEventListener("submit", onPost);
  $("settings-form").addEventListener("submit", saveSettings);
  $("bulk-approve").addEventListener("click", () => bulk("approve"));
  $("bulk-delete").addEventListener("click", () => bulk("delete"));
  $("select-all").addEventListener("change", (event) => {
    for (const box of document.querySelectorAll("#queue .pick")) box.checked = event.target.checked;
  });
  $("apikey").addEventListener("change", (event) => {
    sessionStorage.setItem("nudge-api-key", event.target.value);
    location.reload();
  });
  $("prompt").addEventListener("cancel", (event) => event.preventDefault());
  try {
    await Promise.all([loadSettings(), refreshThread(), refreshQueue(), refreshStats()]);
  } catch (err) {
    setStatus("status", t("status_error", { message: err.message }), "error");
  }
  document.body.dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", start);
