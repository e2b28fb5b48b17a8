"use strict";
// The preview page: shows the view the server sends over /events. Every string that
// comes from the content is put on the page with textContent, never as markup.

let shownCycle = 0;
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

function showStatus(view) {
  const status = document.getElementById("status");
  const errors = view.notices.filter((notice) => notice.severity === "error").length;
  const words = view.building ? "Building…" : errors ? errors + " problem(s)" : "Up to date";
  status.textContent = words + " · " + view.preflight;
  status.className = view.building ? "building" : errors ? "failed" : "ok";
  status.dataset.building = view.building;
  status.dataset.cycle = view.cycle;
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

function outputSection(output) {
  const id = "output-" + output.name;
  let section = document.getElementById(id);
  if (!section) {
    section = element("section", "output");
    section.id = id;
    section.dataset.name = output.name;
    const title = element("h2", "", output.name);
    const download = element("a", "", "download");
    download.href = fileUrl(output.name);
    download.download = output.name.split("/").pop();
    title.append(download);
    section.append(title, element("div", "pages"));
  }
  return section;
}

function showPages(section, output) {
  const pages = section.querySelector(".pages");
  while (pages.children.length > output.pages.length) pages.lastChild.remove();
  output.pages.forEach((fingerprint, index) => {
    let figure = pages.children[index];
    if (!figure) {
      figure = element("figure", "page");
      figure.dataset.page = index + 1;
      const image = element("img");
      image.loading = "lazy";
      image.alt = output.name + " page " + (index + 1);
      figure.append(image, element("figcaption", "", "p. " + (index + 1)));
      figure.addEventListener("click", () => select(output.name, index));
      pages.append(figure);
    }
    const image = figure.querySelector("img");
    if (image.dataset.fingerprint !== fingerprint) {
      image.dataset.fingerprint = fingerprint;
      image.src = pageUrl(fingerprint);
    }
    figure.classList.toggle("changed", output.changed.includes(index + 1));
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

function select(name, index) {
  selected = {name, index};
  showViewer();
}

function showViewer() {
  document.querySelectorAll(".page.selected").forEach((page) => page.classList.remove("selected"));
  const output = latest && selected && latest.outputs.find((o) => o.name === selected.name);
  if (!output || selected.index >= output.pages.length) return;
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
  const figure = document.getElementById("output-" + output.name)
    .querySelectorAll(".page")[selected.index];
  figure.classList.add("selected");
}

function showFirstChange(view) {
  if (view.cycle === shownCycle) return;
  const output = view.outputs.find((o) => o.changed.length > 0);
  if (!output) return;
  shownCycle = view.cycle;
  select(output.name, output.changed[0] - 1);
  document.getElementById("output-" + output.name)
    .querySelectorAll(".page")[output.changed[0] - 1].scrollIntoView({block: "nearest"});
}

function show(view) {
  latest = view;
  showTitle(view);
  showStatus(view);
  showNotices(view);
  showOutputs(view);
  showFirstChange(view);
  showViewer();
}

const events = new EventSource("/events");
events.addEventListener("view", (event) => show(JSON.parse(event.data)));
events.addEventListener("error", () => {
  document.getElementById("status").textContent = "Not connected: is build.py serve still running?";
});
