// Search for the reference: digits jump to status codes (from a small JSON list fetched when the
// box is first focused), words search the full text with Pagefind, whose index is loaded in
// chunks on demand. Without JavaScript the form submits to /search/, which links the code list.
(function () {
  "use strict";

  var MAX_CODES = 12;
  var MAX_RESULTS = 8;

  function siteBase(form) {
    return (form.getAttribute("data-base") || "").replace(/\/$/, "");
  }

  var codesPromise = null;
  function loadCodes(form) {
    if (!codesPromise) {
      codesPromise = fetch(form.getAttribute("data-codes"))
        .then(function (response) { return response.ok ? response.json() : []; })
        .catch(function () { return []; });
    }
    return codesPromise;
  }

  var pagefindPromise = null;
  function loadPagefind(base) {
    if (!pagefindPromise) {
      pagefindPromise = import(base + "/pagefind/pagefind.js").then(function (pagefind) {
        return pagefind.options({ baseUrl: base + "/" }).then(function () { return pagefind; });
      });
    }
    return pagefindPromise;
  }

  // Codes whose digits start with the query, in numeric order.
  function matchCodes(codes, query) {
    return codes
      .filter(function (entry) { return String(entry.code).indexOf(query) === 0; })
      .sort(function (a, b) { return a.code - b.code; });
  }

  // The lower-case words of a text.
  function words(text) {
    return String(text).toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  }

  // True when every word of the query starts a word of the text: "gate time" matches
  // "Gateway Timeout", "cors" does not match "correct".
  function coversQuery(queryWords, text) {
    var textWords = words(text);
    return queryWords.every(function (q) {
      return textWords.some(function (w) { return w.indexOf(q) === 0; });
    });
  }

  // Codes whose name matches the query: the exact name first, then registered codes before
  // vendors' own, then by number.
  function matchNames(codes, query) {
    var queryWords = words(query);
    if (!queryWords.length) return [];
    var phrase = queryWords.join(" ");
    var rank = function (entry) {
      return (words(entry.reason).join(" ") === phrase ? 0 : 2) + (entry.official === "iana" ? 0 : 1);
    };
    return codes
      .filter(function (entry) { return coversQuery(queryWords, entry.reason); })
      .sort(function (a, b) { return rank(a) - rank(b) || a.code - b.code; });
  }

  // A text as HTML that shows it literally.
  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // An excerpt of a page's text around the first word that starts like a query word, with
  // those words <mark>ed: for a page where none of Pagefind's excerpts holds the words it was
  // kept for (its stemming centred them on "corrupts" for "cors").
  function excerptAround(content, queryWords) {
    var tokens = String(content).split(/\s+/).filter(Boolean);
    var hits = function (token) {
      return words(token).some(function (w) {
        return queryWords.some(function (q) { return w.indexOf(q) === 0; });
      });
    };
    var at = tokens.findIndex(hits);
    if (at < 0) return "";
    var start = Math.max(0, at - 10);
    var end = Math.min(tokens.length, at + 20);
    var shown = tokens.slice(start, end).map(function (token) {
      return hits(token) ? "<mark>" + escapeHtml(token) + "</mark>" : escapeHtml(token);
    });
    return (start > 0 ? "… " : "") + shown.join(" ") + (end < tokens.length ? " …" : "");
  }

  // How many of Pagefind's results are read to find those that really hold the words:
  // its stemming and prefix matching also return "correct" for "cors".
  var CANDIDATES = 40;

  // Full-text results: each with its title, an excerpt with <mark>ed matches, and the URL of
  // the heading nearest the match. Only pages holding every word of the query (as the start
  // of a word) are kept, those with the words in their title first.
  function searchText(base, query, limit) {
    var queryWords = words(query);
    return loadPagefind(base).then(function (pagefind) {
      return pagefind.search(query).then(function (search) {
        return Promise.all(search.results.slice(0, CANDIDATES).map(function (result) {
          return result.data();
        })).then(function (pages) {
          var kept = pages.filter(function (data) {
            return coversQuery(queryWords, (data.meta && data.meta.title || "") + " " + data.content);
          });
          var inTitle = function (data) { return coversQuery(queryWords, data.meta && data.meta.title || "") ? 0 : 1; };
          // A stable sort: Pagefind's order among equals.
          kept = kept
            .map(function (data, i) { return { data: data, i: i }; })
            .sort(function (a, b) { return inTitle(a.data) - inTitle(b.data) || a.i - b.i; })
            .map(function (entry) { return entry.data; });
          return kept.slice(0, limit).map(function (data) {
              var best = (data.sub_results || []).filter(function (sub) {
                return coversQuery(queryWords, sub.title + " " + sub.excerpt.replace(/<[^>]*>/g, ""));
              })[0];
              var title = (data.meta && data.meta.title) || data.url;
              if (!best) {
                return { title: title, url: data.url, section: "", excerpt: excerptAround(data.content, queryWords) };
              }
              return {
                title: title,
                url: best.url || data.url,
                section: best.title && best.title !== title ? best.title : "",
                excerpt: best.excerpt || data.excerpt
              };
            });
        });
      });
    });
  }

  // Name matches first, then the full-text results that are not the same pages.
  function withNames(named, text) {
    var seen = {};
    named.forEach(function (entry) { seen[entry.url] = true; });
    return named.concat(text.filter(function (entry) { return !seen[entry.url.split("#")[0]]; }));
  }

  function nameEntry(entry) {
    return { title: entry.code + " " + entry.reason, url: entry.url, section: "", excerpt: "" };
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // The excerpt is Pagefind's text of our own pages, escaped, with <mark> around matches.
  function excerptNode(html) {
    var node = element("span", "search-excerpt");
    node.innerHTML = html;
    return node;
  }

  function setupHeaderSearch(form) {
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector("[role=listbox]");
    var status = form.querySelector("[aria-live]");
    var base = siteBase(form);
    var options = [];
    var active = -1;
    var generation = 0;
    var timer = null;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      options = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    // For a code, the first option is selected, so Enter opens it; for words, Enter
    // submits the form and opens every result on the search page.
    function show(entries, announcement, selectFirst) {
      list.innerHTML = "";
      options = entries.map(function (entry, i) {
        var option = element("li", "search-option");
        option.id = "site-search-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        // An option is not a link (no interactive element inside another): it navigates itself.
        option.setAttribute("data-url", entry.url);
        option.appendChild(element("span", "search-title", entry.title));
        if (entry.section) option.appendChild(element("span", "search-section", entry.section));
        if (entry.excerpt) option.appendChild(excerptNode(entry.excerpt));
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { window.location.href = entry.url; });
        list.appendChild(option);
        return option;
      });
      list.hidden = options.length === 0;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
      status.textContent = announcement;
      highlight(options.length && selectFirst ? 0 : -1);
    }

    function update() {
      var query = input.value.trim();
      var mine = ++generation;
      if (!query) {
        close();
        status.textContent = "";
        return;
      }
      if (/^\d{1,3}$/.test(query)) {
        loadCodes(form).then(function (codes) {
          if (mine !== generation) return;
          var found = matchCodes(codes, query);
          show(found.slice(0, MAX_CODES).map(function (entry) {
            return { title: entry.code + " " + entry.reason, url: entry.url };
          }), found.length + (found.length === 1 ? " code" : " codes") + " starting with " + query, true);
        });
        return;
      }
      if (query.length < 2) {
        close();
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(function () {
        Promise.all([loadCodes(form), searchText(base, query, MAX_RESULTS)]).then(function (found) {
          if (mine !== generation) return;
          var named = matchNames(found[0], query).map(nameEntry);
          var entries = withNames(named, found[1]).slice(0, MAX_RESULTS);
          var searchPage = form.action + "?q=" + encodeURIComponent(query);
          if (entries.length) {
            entries.push({ title: "All results for “" + query + "”", url: searchPage });
            show(entries, entries.length - 1 + (entries.length === 2 ? " result" : " results") + " for " + query, false);
          } else {
            show([{ title: "No results for “" + query + "”", section: "Browse every code instead", url: form.getAttribute("data-all-codes") || searchPage }], "No results for " + query, false);
          }
        }, function () {
          if (mine === generation) status.textContent = "Search is not available right now.";
        });
      }, 120);
    }

    input.addEventListener("focus", function () { loadCodes(form); });
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && options.length) {
        event.preventDefault();
        highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp" && options.length) {
        event.preventDefault();
        highlight((active - 1 + options.length) % options.length);
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
          status.textContent = "Results closed";
        }
      } else if (event.key === "Enter" && active >= 0 && options[active]) {
        event.preventDefault();
        window.location.href = options[active].getAttribute("data-url");
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function setupSearchPage() {
    var results = document.getElementById("search-page-results");
    if (!results) return;
    var form = document.querySelector(".site-search");
    var input = document.getElementById("search-page-input");
    var status = document.getElementById("search-page-status");
    var fallback = document.getElementById("search-no-js");
    if (fallback) fallback.hidden = true;
    var query = new URLSearchParams(window.location.search).get("q") || "";
    input.value = query;
    if (!query.trim() || !form) return;
    status.textContent = "Searching…";
    var base = siteBase(form);
    var codeSearch = loadCodes(form).then(function (codes) {
      var found = /^\d{1,3}$/.test(query.trim()) ? matchCodes(codes, query.trim()) : matchNames(codes, query);
      return found.map(nameEntry);
    });
    Promise.all([codeSearch, searchText(base, query, 30)]).then(function (found) {
      var entries = withNames(found[0], found[1]);
      results.innerHTML = "";
      entries.forEach(function (entry) {
        var item = element("li");
        var link = element("a", "search-title", entry.title);
        link.href = entry.url;
        item.appendChild(link);
        if (entry.section) item.appendChild(element("span", "search-section", entry.section));
        if (entry.excerpt) item.appendChild(excerptNode(entry.excerpt));
        results.appendChild(item);
      });
      status.textContent = entries.length
        ? entries.length + (entries.length === 1 ? " result" : " results") + " for “" + query + "”"
        : "No results for “" + query + "”. Try a status code or fewer words.";
    }, function () {
      status.textContent = "Search is not available right now.";
      if (fallback) fallback.hidden = false;
    });
  }

  function start() {
    var form = document.querySelector(".site-search");
    if (form) setupHeaderSearch(form);
    setupSearchPage();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
