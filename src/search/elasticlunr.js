/*
 * Quire's elasticlunr client: the part of elasticlunr.js's browser API that site themes call,
 * written for the indexes Quire (and Zola) write with elasticlunr-rs. Load an index with
 * `elasticlunr.Index.load(window.searchIndex)` and query it with
 * `index.search(text, { fields: { title: { boost: 2 }, body: {} }, bool: "AND", expand: true })`;
 * each result is `{ ref, score, doc }`. Queries go through the index's own pipeline (for
 * English: trimmer, stop words and the Porter stemmer, as the index was made), so a word
 * finds the pages that hold any of its forms.
 */
(function (root) {
  "use strict";

  /** Builds an empty index, as `elasticlunr(function () { this.addField("title") })`. */
  function elasticlunr(setup) {
    var index = new Index();
    index.pipeline.add(trimmer, stopWordFilter, stemmer);
    if (setup) setup.call(index, index);
    return index;
  }

  elasticlunr.version = "0.9.5";

  function warn(message) {
    if (root.console && root.console.warn) root.console.warn("elasticlunr: " + message);
  }

  elasticlunr.utils = { warn: warn };

  /** Lower-cased words split at white space and hyphens, as elasticlunr-rs splits them. */
  function tokenizer(text) {
    if (text === null || text === undefined) return [];
    var parts = Array.isArray(text) ? text : String(text).split(/[\s-]+/);
    return parts
      .map(function (part) {
        return String(part).trim().toLowerCase();
      })
      .filter(function (part) {
        return part.length > 0;
      });
  }

  /** Drops what is not a letter, digit or underscore from both ends of a word. */
  function trimmer(token) {
    return token.replace(/^\W+/, "").replace(/\W+$/, "");
  }

  var stopWords = {};

  /** Words too common to index (the list elasticlunr-rs leaves out of English indexes). */
  function stopWordFilter(token) {
    return Object.prototype.hasOwnProperty.call(stopWords, token) ? undefined : token;
  }

  function addStopWords(words) {
    words.forEach(function (word) {
      stopWords[word] = true;
    });
  }

  addStopWords(
    (
      " a able about across after all almost also am among an and any are as at be because " +
      "been but by can cannot could dear did do does either else ever every for from get got " +
      "had has have he her hers him his how however i if in into is it its just least let " +
      "like likely may me might most must my neither no nor not of off often on only or " +
      "other our own rather said say says she should since so some than that the their them " +
      "then there these they this tis to too twas us wants was we were what when where which " +
      "while who whom why will with would yet you your"
    ).split(" ")
  );

  /** The Porter stemmer, step by step as elasticlunr-rs runs it, so a query's words meet the
   * index's. */
  function stemmer(word) {
    if (word.length <= 2) return word;
    var w = new StemmedWord(word.toLowerCase());
    w.step1ab();
    w.step1c();
    w.step2();
    w.step3();
    w.step4();
    w.step5();
    return w.b.slice(0, w.k).join("");
  }

  /** A word being stemmed: its letters `b`, its current end `k`, and `j`, where the last
   * matched suffix starts. */
  function StemmedWord(word) {
    this.b = Array.from(word);
    this.k = this.b.length;
    this.j = 0;
  }

  StemmedWord.prototype = {
    consonant: function (i) {
      var c = this.b[i];
      if ("aeiou".indexOf(c) >= 0) return false;
      if (c === "y") return i === 0 ? true : !this.consonant(i - 1);
      return true;
    },
    /** The number of vowel-consonant sequences before `j`. */
    measure: function () {
      var n = 0;
      var i = 0;
      while (i < this.j && this.consonant(i)) i++;
      while (i < this.j) {
        while (i < this.j && !this.consonant(i)) i++;
        if (i >= this.j) return n;
        n++;
        while (i < this.j && this.consonant(i)) i++;
      }
      return n;
    },
    vowelInStem: function () {
      for (var i = 0; i < this.j; i++) if (!this.consonant(i)) return true;
      return false;
    },
    doubleConsonant: function (i) {
      var c = this.b[i];
      return i >= 1 && c === this.b[i - 1] && c.charCodeAt(0) < 128 && this.consonant(i);
    },
    /** Consonant, vowel, consonant ending at `i`, the last not w, x or y. */
    cvc: function (i) {
      if (i < 2 || !this.consonant(i) || this.consonant(i - 1) || !this.consonant(i - 2)) {
        return false;
      }
      return "wxy".indexOf(this.b[i]) < 0;
    },
    ends: function (suffix) {
      var n = suffix.length;
      if (n > this.k) return false;
      if (this.b.slice(this.k - n, this.k).join("") !== suffix) return false;
      this.j = this.k - n;
      return true;
    },
    setTo: function (text) {
      var letters = Array.from(text);
      for (var i = 0; i < letters.length; i++) this.b[this.j + i] = letters[i];
      this.k = this.j + letters.length;
    },
    replaceIfMeasured: function (text) {
      if (this.measure() > 0) this.setTo(text);
    },
    /** Tries each `[suffix, replacement]` in turn; the first that ends the word is replaced
     * when the stem before it has a measure above zero. */
    firstOf: function (rules) {
      for (var i = 0; i < rules.length; i++) {
        if (this.ends(rules[i][0])) {
          this.replaceIfMeasured(rules[i][1]);
          return;
        }
      }
    },
    step1ab: function () {
      if (this.b[this.k - 1] === "s") {
        if (this.ends("sses")) this.k -= 2;
        else if (this.ends("ies")) this.setTo("i");
        else if (this.b[this.k - 2] !== "s") this.k -= 1;
      }
      if (this.ends("eed")) {
        if (this.measure() > 0) this.k -= 1;
      } else if ((this.ends("ed") || this.ends("ing")) && this.vowelInStem()) {
        this.k = this.j;
        if (this.ends("at")) this.setTo("ate");
        else if (this.ends("bl")) this.setTo("ble");
        else if (this.ends("iz")) this.setTo("ize");
        else if (this.doubleConsonant(this.k - 1)) {
          this.k -= 1;
          if ("lsz".indexOf(this.b[this.k - 1]) >= 0) this.k += 1;
        } else if (this.measure() === 1 && this.cvc(this.k - 1)) this.setTo("e");
      }
    },
    step1c: function () {
      if (this.k > 2 && this.ends("y") && "aeiou".indexOf(this.b[this.k - 2]) < 0) {
        this.b[this.k - 1] = "i";
      }
    },
    step2: function () {
      if (this.k < 2) return;
      var rules = {
        a: [["ational", "ate"], ["tional", "tion"]],
        c: [["enci", "ence"], ["anci", "ance"]],
        e: [["izer", "ize"]],
        l: [["bli", "ble"], ["alli", "al"], ["entli", "ent"], ["eli", "e"], ["ousli", "ous"]],
        o: [["ization", "ize"], ["ation", "ate"], ["ator", "ate"]],
        s: [["alism", "al"], ["iveness", "ive"], ["fulness", "ful"], ["ousness", "ous"]],
        t: [["aliti", "al"], ["iviti", "ive"], ["biliti", "ble"]],
        g: [["logi", "log"]],
      }[this.b[this.k - 2]];
      if (rules) this.firstOf(rules);
    },
    step3: function () {
      var rules = {
        e: [["icate", "ic"], ["ative", ""], ["alize", "al"]],
        i: [["iciti", "ic"]],
        l: [["ical", "ic"], ["ful", ""]],
        s: [["ness", ""]],
      }[this.b[this.k - 1]];
      if (rules) this.firstOf(rules);
    },
    step4: function () {
      if (this.k < 2) return;
      var self = this;
      var any = function (suffixes) {
        return suffixes.some(function (suffix) {
          return self.ends(suffix);
        });
      };
      var matched;
      switch (this.b[this.k - 2]) {
        case "a": matched = any(["al"]); break;
        case "c": matched = any(["ance", "ence"]); break;
        case "e": matched = any(["er"]); break;
        case "i": matched = any(["ic"]); break;
        case "l": matched = any(["able", "ible"]); break;
        case "n": matched = any(["ant", "ement", "ment", "ent"]); break;
        case "o":
          matched =
            (this.ends("ion") && this.j > 0 && "st".indexOf(this.b[this.j - 1]) >= 0) ||
            this.ends("ou");
          break;
        case "s": matched = any(["ism"]); break;
        case "t": matched = any(["ate", "iti"]); break;
        case "u": matched = any(["ous"]); break;
        case "v": matched = any(["ive"]); break;
        case "z": matched = any(["ize"]); break;
        default: matched = false;
      }
      if (matched && this.measure() > 1) this.k = this.j;
    },
    step5: function () {
      this.j = this.k;
      if (this.b[this.k - 1] === "e") {
        var m = this.measure();
        if (m > 1 || (m === 1 && !this.cvc(this.k - 2))) this.k -= 1;
      }
      if (this.b[this.k - 1] === "l" && this.doubleConsonant(this.k - 1) && this.measure() > 1) {
        this.k -= 1;
      }
    },
  };

  /** The functions a word goes through before it is indexed or searched for. */
  function Pipeline() {
    this._queue = [];
  }

  Pipeline.registeredFunctions = {};

  Pipeline.registerFunction = function (fn, label) {
    fn.label = label;
    Pipeline.registeredFunctions[label] = fn;
  };

  Pipeline.getRegisteredFunction = function (label) {
    return Pipeline.registeredFunctions[label] || null;
  };

  /** The pipeline an index was saved with. A function this page has not registered (a
   * language's stemmer, say) is skipped with a warning. */
  Pipeline.load = function (labels) {
    var pipeline = new Pipeline();
    (labels || []).forEach(function (label) {
      var fn = Pipeline.getRegisteredFunction(label);
      if (fn) pipeline.add(fn);
      else warn("the index's pipeline function `" + label + "` is not registered; skipped");
    });
    return pipeline;
  };

  Pipeline.prototype = {
    add: function () {
      for (var i = 0; i < arguments.length; i++) this._queue.push(arguments[i]);
    },
    reset: function () {
      this._queue = [];
    },
    get: function () {
      return this._queue;
    },
    run: function (tokens) {
      var queue = this._queue;
      var out = [];
      tokens.forEach(function (token) {
        for (var i = 0; i < queue.length && token !== undefined && token !== null; i++) {
          token = queue[i](token);
        }
        if (token !== undefined && token !== null) out.push(token);
      });
      return out;
    },
    toJSON: function () {
      return this._queue.map(function (fn) {
        return fn.label;
      });
    },
  };

  Pipeline.registerFunction(trimmer, "trimmer");
  Pipeline.registerFunction(stopWordFilter, "stopWordFilter");
  Pipeline.registerFunction(stemmer, "stemmer");

  /** A field's words as a tree of their letters: each node has the documents whose word
   * ends there (`docs`, with each one's term frequency `tf`) and how many they are (`df`). */
  function InvertedIndex() {
    this.root = { docs: {}, df: 0 };
  }

  InvertedIndex.load = function (data) {
    var index = new InvertedIndex();
    index.root = data.root;
    return index;
  };

  InvertedIndex.prototype = {
    getNode: function (token) {
      var node = this.root;
      for (var ch of token) {
        if (!Object.prototype.hasOwnProperty.call(node, ch)) return null;
        node = node[ch];
      }
      return node;
    },
    addToken: function (token, entry) {
      var node = this.root;
      for (var ch of token) {
        if (!Object.prototype.hasOwnProperty.call(node, ch)) node[ch] = { docs: {}, df: 0 };
        node = node[ch];
      }
      if (!Object.prototype.hasOwnProperty.call(node.docs, entry.ref)) node.df += 1;
      node.docs[entry.ref] = { tf: entry.tf };
    },
    hasToken: function (token) {
      return this.getNode(token) !== null;
    },
    getDocs: function (token) {
      var node = this.getNode(token);
      return node ? node.docs : {};
    },
    getTermFrequency: function (token, ref) {
      var docs = this.getDocs(token);
      return Object.prototype.hasOwnProperty.call(docs, ref) ? docs[ref].tf : 0;
    },
    getDocFreq: function (token) {
      var node = this.getNode(token);
      return node ? node.df : 0;
    },
    /** The indexed words that start with `token` (itself included when indexed). */
    expandToken: function (token) {
      var found = [];
      var walk = function (node, word) {
        if (Object.keys(node.docs).length > 0) found.push(word);
        for (var ch in node) {
          if (ch !== "docs" && ch !== "df") walk(node[ch], word + ch);
        }
      };
      var start = this.getNode(token);
      if (start) walk(start, token);
      return found;
    },
    toJSON: function () {
      return { root: this.root };
    },
  };

  /** The documents as they were added (when the index saves them) and each field's length
   * in words. */
  function DocumentStore(save) {
    this._save = save === undefined ? true : save;
    this.docs = {};
    this.docInfo = {};
    this.length = 0;
  }

  DocumentStore.load = function (data) {
    var store = new DocumentStore(data.save);
    store.docs = data.docs || {};
    store.docInfo = data.docInfo || {};
    store.length = data.length || Object.keys(store.docs).length;
    return store;
  };

  DocumentStore.prototype = {
    isDocStored: function () {
      return this._save;
    },
    hasDoc: function (ref) {
      return Object.prototype.hasOwnProperty.call(this.docs, ref);
    },
    getDoc: function (ref) {
      return this.hasDoc(ref) ? this.docs[ref] : null;
    },
    addDoc: function (ref, doc) {
      if (!this.hasDoc(ref)) this.length += 1;
      this.docs[ref] = this._save ? doc : null;
    },
    addFieldLength: function (ref, field, length) {
      if (!this.docInfo[ref]) this.docInfo[ref] = {};
      this.docInfo[ref][field] = length;
    },
    getFieldLength: function (ref, field) {
      var info = this.docInfo[ref];
      return info && info[field] ? info[field] : 0;
    },
    toJSON: function () {
      return { docs: this.docs, docInfo: this.docInfo, length: this.length, save: this._save };
    },
  };

  /** An index: its fields, the field naming each document (`ref`), a pipeline, an
   * inverted index per field and the document store. */
  function Index() {
    this._fields = [];
    this._ref = "id";
    this.pipeline = new Pipeline();
    this.documentStore = new DocumentStore();
    this.index = {};
    this._idfCache = {};
  }

  /** An index from what `toJSON` (or elasticlunr-rs) saved. */
  Index.load = function (data) {
    if (data.version && data.version !== elasticlunr.version) {
      warn("the index was saved by version " + data.version + ", this is " + elasticlunr.version);
    }
    var index = new Index();
    index._fields = data.fields;
    index._ref = data.ref;
    index.documentStore = DocumentStore.load(data.documentStore);
    index.pipeline = Pipeline.load(data.pipeline);
    data.fields.forEach(function (field) {
      index.index[field] = InvertedIndex.load(data.index[field]);
    });
    return index;
  };

  Index.prototype = {
    addField: function (field) {
      this._fields.push(field);
      this.index[field] = new InvertedIndex();
      return this;
    },
    setRef: function (field) {
      this._ref = field;
      return this;
    },
    saveDocument: function (save) {
      this.documentStore = new DocumentStore(save);
      return this;
    },
    getFields: function () {
      return this._fields.slice();
    },
    addDoc: function (doc) {
      if (!doc) return;
      var ref = doc[this._ref];
      var self = this;
      this.documentStore.addDoc(ref, doc);
      this._fields.forEach(function (field) {
        var tokens = self.pipeline.run(tokenizer(doc[field]));
        self.documentStore.addFieldLength(ref, field, tokens.length);
        var counts = {};
        tokens.forEach(function (token) {
          counts[token] = (counts[token] || 0) + 1;
        });
        Object.keys(counts).forEach(function (token) {
          self.index[field].addToken(token, { ref: ref, tf: Math.sqrt(counts[token]) });
        });
      });
      this._idfCache = {};
    },
    /** How rare `term` is in `field`: 1 + ln(documents / (documents holding it + 1)). */
    idf: function (term, field) {
      var key = field + "/" + term;
      if (!Object.prototype.hasOwnProperty.call(this._idfCache, key)) {
        var df = this.index[field].getDocFreq(term);
        this._idfCache[key] = 1 + Math.log(this.documentStore.length / (df + 1));
      }
      return this._idfCache[key];
    },
    /** The documents matching `query`, best first, as `{ ref, score, doc }`. `options`
     * (an object or its JSON) may name `fields` (each with `boost`, `bool`, `expand`) and
     * give `bool` ("OR" or "AND") and `expand` (also find longer words starting with a
     * query word) for all of them. */
    search: function (query, options) {
      if (!query) return [];
      var config = this._searchConfig(options);
      var tokens = this.pipeline.run(tokenizer(query));
      var scores = {};
      var self = this;
      Object.keys(config).forEach(function (field) {
        var found = self._fieldSearch(tokens, field, config[field]);
        Object.keys(found).forEach(function (ref) {
          scores[ref] = (scores[ref] || 0) + found[ref] * config[field].boost;
        });
      });
      return Object.keys(scores)
        .map(function (ref) {
          return { ref: ref, score: scores[ref], doc: self.documentStore.getDoc(ref) };
        })
        .sort(function (a, b) {
          return b.score - a.score;
        });
    },
    _searchConfig: function (options) {
      if (typeof options === "string") {
        try {
          options = JSON.parse(options);
        } catch (e) {
          warn("search options are not valid JSON; searching every field");
          options = {};
        }
      }
      options = options || {};
      var bool = options.bool || "OR";
      var expand = options.expand === true;
      var config = {};
      var self = this;
      var fields = options.fields || {};
      var names = Object.keys(fields).length > 0 ? Object.keys(fields) : this._fields;
      names.forEach(function (field) {
        if (self._fields.indexOf(field) < 0) {
          warn("the index has no field `" + field + "`");
          return;
        }
        var own = fields[field] || {};
        config[field] = {
          boost: own.boost === undefined ? 1 : own.boost,
          bool: own.bool || bool,
          expand: own.expand === undefined ? expand : own.expand === true,
        };
      });
      return config;
    },
    /** Each document's score in `field` for the query words `tokens`. */
    _fieldSearch: function (tokens, field, config) {
      var index = this.index[field];
      var store = this.documentStore;
      var words = Array.from(new Set(tokens));
      var scores = {};
      var matched = {};
      var self = this;
      words.forEach(function (word) {
        var keys = config.expand ? index.expandToken(word) : [word];
        var best = {};
        keys.forEach(function (key) {
          // A longer word found by expansion counts for less than the word itself.
          var penalty = key === word ? 1 : Math.max(0.5, word.length / key.length);
          var idf = self.idf(key, field);
          var docs = index.getDocs(key);
          Object.keys(docs).forEach(function (ref) {
            var length = store.getFieldLength(ref, field);
            var norm = length > 0 ? 1 / Math.sqrt(length) : 1;
            var score = docs[ref].tf * idf * norm * penalty;
            if (!(best[ref] >= score)) best[ref] = score;
          });
        });
        Object.keys(best).forEach(function (ref) {
          scores[ref] = (scores[ref] || 0) + best[ref];
          matched[ref] = (matched[ref] || 0) + 1;
        });
      });
      Object.keys(scores).forEach(function (ref) {
        if (config.bool === "AND" && matched[ref] < words.length) delete scores[ref];
        else scores[ref] *= matched[ref] / words.length;
      });
      return scores;
    },
    toJSON: function () {
      var index = {};
      var self = this;
      this._fields.forEach(function (field) {
        index[field] = self.index[field].toJSON();
      });
      return {
        version: elasticlunr.version,
        fields: this._fields,
        ref: this._ref,
        documentStore: this.documentStore.toJSON(),
        index: index,
        pipeline: this.pipeline.toJSON(),
      };
    },
  };

  elasticlunr.Index = Index;
  elasticlunr.Pipeline = Pipeline;
  elasticlunr.InvertedIndex = InvertedIndex;
  elasticlunr.DocumentStore = DocumentStore;
  elasticlunr.tokenizer = tokenizer;
  elasticlunr.trimmer = trimmer;
  elasticlunr.stopWordFilter = stopWordFilter;
  elasticlunr.stemmer = stemmer;
  elasticlunr.addStopWords = addStopWords;

  if (typeof module === "object" && module.exports) {
    module.exports = elasticlunr;
  } else {
    root.elasticlunr = elasticlunr;
    // Language plugins written for lunr.js register themselves on `lunr`.
    if (!root.lunr) root.lunr = elasticlunr;
  }
})(typeof window !== "undefined" ? window : globalThis);
