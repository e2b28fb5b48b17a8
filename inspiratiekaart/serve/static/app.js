"use strict";
// The preview page: shows the view the server sends over /events. Every string that
// comes from the content is put on the page with textContent, never as markup.

let shownCycle = 0;
let shownOutput = 0;  // the output whose change the viewer went to in that cycle
let selected = null; // {name, index}
let latest = null;

function pageUrl(fingerprint) {
  return "/pages/" + fingerprint + ".png";
}

function fileUrl(name) {
  return "/files/" + name.split("/").map(encodeURIComponent).join("/");
}

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

function counted(count, word) {
  return count + " " + word + (count === 1 ? "" : "s");
}

function severityCount(view, severity) {
  return view.notices.filter((notice) => notice.severity === severity).length;
}

function showStatus(view) {
  const status = document.getElementById("status");
  const errors = severityCount(view, "error");
  const warnings = severityCount(view, "warning");
  const state = view.building ? "Building…" : errors ? "" : "Up to date";
  status.textContent = [state, errors && counted(errors, "problem"),
    warnings && counted(warnings, "warning"), "preflight " + view.preflight]
    .filter(Boolean).join(" · ");
  status.className = view.building ? "building" : errors ? "failed" : "ok";
  status.dataset.building = view.building;
  status.dataset.cycle = view.cycle;
  document.getElementById("to-problems").hidden = view.notices.length === 0;
}

function showOutdated(view) {
  const note = document.getElementById("outdated");
  note.hidden = !view.outdated;
  note.textContent = view.outputs.length
    ? "The pages shown are the last good version: fix the problems to see your latest save."
    : "No pages yet: fix the problems to see them.";
}

function showTitle(view) {
  const title = view.title ? view.title + " · preview" : "Preview";
  document.title = title;
  document.getElementById("title").textContent = title;
}

function showNotices(view) {
  const list = document.getElementById("notices");
  list.replaceChildren(...view.notices.map((notice) => {
    const item = element("li", notice.severity);
    item.append(element("span", "where", notice.where), element("span", "message", notice.message));
    return item;
  }));
  document.getElementById("no-problems").hidden = view.notices.length > 0;
}

function goToProblems() {
  const problems = document.getElementById("problems");
  problems.scrollIntoView({block: "start"});
  problems.focus({preventScroll: true});
}

function downloadLink(name, visible) {
  const link = element("a", "", visible);
  link.href = fileUrl(name);
  link.download = name.split("/").pop();
  return link;
}

function showFiles(view) {
  const pdfs = new Set(view.outputs.map((output) => output.name));
  const others = view.files.filter((name) => !pdfs.has(name));
  document.getElementById("file-list").replaceChildren(...others.map((name) => {
    const item = element("li");
    item.append(downloadLink(name, name));
    return item;
  }));
  document.getElementById("files").hidden = others.length === 0;
}

function outputSection(output) {
  const id = "output-" + output.name;
  let section = document.getElementById(id);
  if (!section) {
    section = element("section", "output");
    section.id = id;
    section.dataset.name = output.name;
    const download = downloadLink(output.name, "download");
    download.append(element("span", "visually-hidden", " " + output.name));
    const heading = element("div", "output-heading");
    heading.append(element("h2", "", output.name), download);
    section.append(heading, element("div", "pages"));
  }
  return section;
}

function pageButton(name, index) {
  const button = element("button", "page");
  button.type = "button";
  button.dataset.page = index + 1;
  button.setAttribute("aria-label", name + " page " + (index + 1) + ", open large");
  const image = element("img");
  image.loading = "lazy";
  image.alt = "";
  button.append(image, element("span", "caption", "page " + (index + 1)));
  button.addEventListener("click", () => openViewer(name, index));
  return button;
}

function showPages(section, output) {
  const pages = section.querySelector(".pages");
  while (pages.children.length > output.pages.length) pages.lastChild.remove();
  output.pages.forEach((fingerprint, index) => {
    const button = pages.children[index] || pages.appendChild(pageButton(output.name, index));
    const image = button.querySelector("img");
    if (image.dataset.fingerprint !== fingerprint) {
      image.dataset.fingerprint = fingerprint;
      image.src = pageUrl(fingerprint);
    }
    button.classList.toggle("changed", output.changed.includes(index + 1));
  });
}

function showOutputs(view) {
  const container = document.getElementById("outputs");
  const sections = view.outputs.map((output) => {
    const section = outputSection(output);
    showPages(section, output);
    return section;
  });
  container.replaceChildren(...sections);
}

function thumbnail(name, index) {
  const section = document.getElementById("output-" + name);
  return section && section.querySelectorAll(".page")[index];
}

function select(name, index) {
  selected = {name, index};
  showViewer();
}

function openViewer(name, index) {
  select(name, index);
  document.getElementById("viewer").focus({preventScroll: true});
}

function closeViewer() {
  const opener = selected && thumbnail(selected.name, selected.index);
  const focusInViewer = document.getElementById("viewer").contains(document.activeElement);
  selected = null;
  showViewer();
  if (opener && focusInViewer) opener.focus();
}

function viewerHint() {
  if (latest && latest.outputs.length) return "Choose a page to see it large.";
  return latest && latest.outdated ? "No pages yet: fix the problems to see them." : "No pages yet.";
}

function showNoPage() {
  const image = document.getElementById("viewer-image");
  image.removeAttribute("src");
  delete image.dataset.fingerprint;
  const caption = document.getElementById("viewer-caption");
  caption.textContent = viewerHint();
  delete caption.dataset.name;
  delete caption.dataset.page;
  document.getElementById("viewer-close").hidden = true;
}

function showViewer() {
  document.querySelectorAll(".page.selected").forEach((page) => page.classList.remove("selected"));
  const output = latest && selected && latest.outputs.find((o) => o.name === selected.name);
  if (!output || selected.index >= output.pages.length) {
    showNoPage();
    return;
  }
  const image = document.getElementById("viewer-image");
  const fingerprint = output.pages[selected.index];
  if (image.dataset.fingerprint !== fingerprint) {
    image.dataset.fingerprint = fingerprint;
    image.src = pageUrl(fingerprint);
  }
  image.alt = output.name + " page " + (selected.index + 1);
  const caption = document.getElementById("viewer-caption");
  caption.textContent = output.name + ", page " + (selected.index + 1);
  caption.dataset.name = output.name;
  caption.dataset.page = selected.index + 1;
  document.getElementById("viewer-close").hidden = false;
  thumbnail(output.name, selected.index).classList.add("selected");
}

function showFirstChange(view) {
  // The first change of the first output that has one; where the jobs finish in another
  // order, an output listed before the one shown goes first once its change arrives.
  const index = view.outputs.findIndex((o) => o.changed.length > 0);
  if (index < 0 || (view.cycle === shownCycle && index >= shownOutput)) return;
  shownCycle = view.cycle;
  shownOutput = index;
  const output = view.outputs[index];
  select(output.name, output.changed[0] - 1);
  thumbnail(output.name, output.changed[0] - 1).scrollIntoView({block: "nearest"});
}

function show(view) {
  latest = view;
  showTitle(view);
  showStatus(view);
  showOutdated(view);
  showNotices(view);
  showFiles(view);
  showOutputs(view);
  showFirstChange(view);
  showViewer();
}

function followHeaderHeight() {
  const header = document.getElementById("top");
  new ResizeObserver(() => {
    document.documentElement.style.setProperty("--header-height", header.offsetHeight + "px");
  }).observe(header);
}

followHeaderHeight();
document.getElementById("to-problems").addEventListener("click", goToProblems);
document.getElementById("viewer-close").addEventListener("click", closeViewer);
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && selected) closeViewer();
});

const events = new EventSource("/events");
events.addEventListener("view", (event) => show(JSON.parse(event.data)));
events.addEventListener("error", () => {
  document.getElementById("status").textContent = "Not connected: is build.py serve still running?";
});
