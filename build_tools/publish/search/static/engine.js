/* The report's search engine: what a query means, and which sections answer it. Loaded by
 * search.js together with the index (assets/search/index.js), on first use; sets
 * window.__reportSearchEngine. Written into the built site by build_tools/publish/search.
 *
 * Folding: the query and the text are folded the same way, one character for one
 * (Traditional -> Simplified, full-width -> ASCII, lower case), so either script finds the
 * same text and highlights land on the displayed characters.
 *
 * Understanding a query (analyse): it becomes a list of words, each with the strings that
 * match it ("alternatives"), each alternative with a weight and the reason it is there:
 *   - a reader word of the curated data (开公司, hotline, legal aid) leads to the report's
 *     words (企业开办): expansions weigh less than the word itself, and say so;
 *   - numbers match as digits and as words (一千五百 = 1500, 100% = 百分之百);
 *   - Latin letters that are no English reader word are read as toneless pinyin of the
 *     report's words (fuyi, xingzheng fuyi, 12345 rexian);
 *   - the rest is cut with jieba's own algorithm (prefix DAG + maximum-probability route, no
 *     HMM) and the dictionary words of the text; words that carry no topic (吗, 怎么, what)
 *     are dropped; single characters jieba left next to each other are one word again
 *     (疫情 is not 疫 + 情: a section with 情 alone does not match it);
 *   - a word the text does not hold is read in pinyin, and the report's words that read the
 *     same (or nearly: zh/z, ch/c, sh/s, ng/n) and share a character are offered (复仪 -> 复议).
 * Ranking (search): a section first by how many of the query's words it holds (lone
 * characters do not count there), then by a BM25-like score: titles count more, the whole query
 * and adjacent words add, expansions count less, pages about the report weigh less. Words no
 * section holds are returned as `missing` and shown to the reader.
 */
(function () {
  "use strict";

  var TITLE_W = 2.0;     // a word in the heading counts this much more than in the body
  var CONTEXT_W = 1.0;   // in the title of an empty heading right above the section
  var PHRASE_W = 1.5;    // the whole query, in order and adjacent
  var ADJ_W = 0.75;      // two consecutive query words next to each other
  var SINGLE_W = 0.34;   // a lone character's share of the idf
  var EXPAND_W = 0.7;    // a curated reader word, pinyin or English, against the word itself
  var NUMBER_W = 0.9;    // the same number written the other way
  var TYPO_W = 0.5;      // a report word that reads like an unknown query word
  var K1 = 1.2;          // BM25 term-frequency saturation
  var MAX_RESULTS = 20;

  // ---- index ------------------------------------------------------------------------------
  function prepare(raw) {
    var fold = new Map();
    for (var i = 0; i + 1 < raw.fold.length; i += 2) fold.set(raw.fold[i], raw.fold[i + 1]);
    var vocab = new Map(), maxLen = 1;
    raw.vocab.split(";").forEach(function (entry) {
      var c = entry.lastIndexOf(",");
      var w = entry.slice(0, c);
      vocab.set(w, parseInt(entry.slice(c + 1), 36));
      if (w.length > maxLen) maxLen = w.length;
    });
    var ix = { fold: fold, vocab: vocab, maxLen: maxLen, logTotal: raw.lt, pages: raw.pages, sections: [],
      expand: new Map(raw.x || []), ignore: new Set(raw.ig || []), spoken: new Map(), fuzzy: new Map(),
      reading: new Map(), maxKey: 1 };
    ix.expand.forEach(function (v, k) { if (k.length > ix.maxKey) ix.maxKey = k.length; });
    raw.sections.forEach(function (s) {
      ix.sections.push({
        page: raw.pages[s[0]], anchor: s[1], title: s[2], text: s[3], level: s[4], context: s[5] || "",
        T: squeezed(foldText(s[2], fold)), B: squeezed(foldText(s[3], fold)), C: squeezed(foldText(s[5] || "", fold))
      });
    });
    (raw.py || "").split(";").forEach(function (entry) {
      var c = entry.indexOf(":");
      if (c < 1) return;
      var key = entry.slice(0, c), words = entry.slice(c + 1).split(",");
      ix.spoken.set(key, words);
      var fz = fuzzy(key), list = ix.fuzzy.get(fz) || [];
      words.forEach(function (w) { if (list.indexOf(w) < 0) list.push(w); });
      ix.fuzzy.set(fz, list);
    });
    (raw.pc || "").split(";").forEach(function (entry) {
      var c = entry.indexOf(":");
      for (var k = c + 1; k < entry.length; k++) ix.reading.set(entry[k], entry.slice(0, c));
    });
    return ix;
  }

  // ---- folding and squeezing ----------------------------------------------------------------
  function foldChar(c, fold) {
    var f = fold.get(c);
    if (f) return f;
    var code = c.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) c = String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) return " ";
    return c >= "A" && c <= "Z" ? c.toLowerCase() : c;
  }

  function foldText(text, fold) {
    var out = "";
    for (var i = 0; i < text.length; i++) out += foldChar(text[i], fold);
    return out;
  }

  var KEEP = /[\p{L}\p{N}%.\n]/u;
  function squeezed(folded) {
    var s = "", pos = [];
    for (var i = 0; i < folded.length; i++) {
      if (KEEP.test(folded[i])) { s += folded[i]; pos.push(i); }
    }
    return { f: folded, s: s, pos: pos };
  }

  // ---- jieba: DAG + max-probability route, no HMM (jieba.cut(text, HMM=False)) ---------------
  var BLOCK = /[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+/g;
  var ENG = /^[a-zA-Z0-9]$/;
  var WORDISH = /[\p{L}\p{N}]/u;

  function cutBlock(s, ix) {
    var n = s.length, route = new Array(n + 1);
    route[n] = [0, 0];
    for (var i = n - 1; i >= 0; i--) {
      var best = -Infinity, bestX = i;
      for (var x = i; x < n && x - i < ix.maxLen; x++) {
        var f = ix.vocab.get(s.slice(i, x + 1));
        if (x === i) f = f || 1; else if (!f) continue;
        var score = Math.log(f) - ix.logTotal + route[x + 1][0];
        if (score > best || (score === best && x > bestX)) { best = score; bestX = x; }
      }
      route[i] = [best, bestX];
    }
    var words = [], buf = "";
    for (var k = 0; k < n;) {
      var y = route[k][1] + 1, w = s.slice(k, y);
      if (w.length === 1 && ENG.test(w)) buf += w;
      else { if (buf) { words.push(buf); buf = ""; } words.push(w); }
      k = y;
    }
    if (buf) words.push(buf);
    return words;
  }

  function cut(folded, ix) {
    return cutAt(folded, 0, ix).map(function (t) { return t.w; });
  }

  // jieba's words of `text` with their offsets (`at` is the offset of `text` in the query).
  function cutAt(text, at, ix) {
    var out = [], m;
    BLOCK.lastIndex = 0;
    while ((m = BLOCK.exec(text))) {
      var p = at + m.index;
      cutBlock(m[0], ix).forEach(function (w) {
        if (WORDISH.test(w)) out.push({ w: w, at: p });
        p += w.length;
      });
    }
    return out;
  }

  // ---- numbers ------------------------------------------------------------------------------
  var CN_DIGITS = "零一二三四五六七八九";
  var CN_VALUE = { "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9 };
  var CN_UNIT = { "十": 10, "百": 100, "千": 1000 };
  var CN_BIG = { "万": 1e4, "亿": 1e8 };
  // At a query offset (sticky): 百分之… / 百分百, a number with %, a run of numerals.
  var PERCENT_WORDS = /百分(?:之)?([零〇一二两三四五六七八九十百千]+)/y;
  var PERCENT_DIGITS = /(\d+(?:\.\d+)?)%/y;
  var NUMERALS = /[0-9零〇一二两三四五六七八九十百千万亿]+/y;

  // The value of Chinese numerals, digits mixed in (2千 = 2000); NaN when it is none.
  function numeralValue(s) {
    if (/^\d+$/.test(s)) return parseInt(s, 10);
    if (/^[零〇一二两三四五六七八九]+$/.test(s) && s.length > 1) {  // 二〇一八
      return parseInt(s.split("").map(function (c) { return CN_VALUE[c]; }).join(""), 10);
    }
    var total = 0, section = 0, digit = NaN, i = 0;
    while (i < s.length) {
      var c = s[i], m = /^\d+/.exec(s.slice(i));
      if (m) { digit = parseInt(m[0], 10); i += m[0].length; continue; }
      if (c in CN_VALUE) digit = CN_VALUE[c];
      else if (c in CN_UNIT) { section += (isNaN(digit) ? 1 : digit) * CN_UNIT[c]; digit = NaN; }
      else if (c in CN_BIG) { total += (section + (isNaN(digit) ? 0 : digit)) * CN_BIG[c]; section = 0; digit = NaN; }
      else return NaN;
      i++;
    }
    return total + section + (isNaN(digit) ? 0 : digit);
  }

  // 1500 -> 一千五百, 90 -> 九十, 105 -> 一百零五 (under 10^8).
  function numeralWords(n) {
    if (!(n >= 0 && n < 1e8) || n !== Math.floor(n)) return "";
    if (n < 10) return CN_DIGITS[n];
    var out = "", units = [[1e4, "万"], [1000, "千"], [100, "百"], [10, "十"]], zero = false;
    units.forEach(function (u) {
      var d = Math.floor(n / u[0]);
      n %= u[0];
      if (d) {
        if (zero) out += "零";
        out += (u[0] === 1e4 ? numeralWords(d) : (u[0] === 10 && !out && d === 1 ? "" : CN_DIGITS[d])) + u[1];
        zero = false;
      } else if (out) zero = true;
    });
    if (n) out += (zero ? "零" : "") + CN_DIGITS[n];
    return out;
  }

  // A number at `at` of the folded query: {len, alts} or null.
  function numberAt(q, at) {
    var m, value, alts = [];
    PERCENT_WORDS.lastIndex = PERCENT_DIGITS.lastIndex = NUMERALS.lastIndex = at;
    if ((m = PERCENT_WORDS.exec(q))) {
      value = m[1] === "百" ? 100 : numeralValue(m[1]);
      if (isNaN(value)) return null;
      alts = [value === 100 ? "百分之百" : "百分之" + m[1], value + "%"];
    } else if ((m = PERCENT_DIGITS.exec(q))) {
      value = parseFloat(m[1]);
      alts = [value + "%", "百分之" + (value === 100 ? "百" : numeralWords(value))];
    } else if ((m = NUMERALS.exec(q))) {
      var s = m[0];
      // One numeral alone (一窗, 三项) is a word's character, not a number.
      if (!/\d/.test(s) && !/[十百千万亿]/.test(s) && s.length < 2) return null;
      if (/^[万亿]/.test(s)) return null;
      value = numeralValue(s);
      if (isNaN(value)) return null;
      alts = [String(value), numeralWords(value)];
    } else return null;
    var list = [{ s: m[0], w: 1, why: "" }];
    alts.forEach(function (a) {
      if (a && a !== m[0] && !list.some(function (x) { return x.s === a; })) list.push({ s: a, w: NUMBER_W, why: "number" });
    });
    return { len: m[0].length, alts: list };
  }

  // ---- pinyin -------------------------------------------------------------------------------
  function fuzzy(key) {
    return key.replace(/zh/g, "z").replace(/ch/g, "c").replace(/sh/g, "s").replace(/ng/g, "n");
  }

  // The fewest report words whose pinyin spells `letters` exactly (then nearly): [{from, to,
  // words}] over offsets of `letters`, or null.
  function spell(letters, ix) {
    var tables = [[ix.spoken, function (k) { return k; }], [ix.fuzzy, fuzzy]];
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t][0], norm = tables[t][1], n = letters.length;
      var best = new Array(n + 1).fill(null);
      best[0] = { cost: 0, parts: [] };
      for (var i = 0; i < n; i++) {
        if (!best[i]) continue;
        for (var j = i + 2; j <= n; j++) {
          var words = table.get(norm(letters.slice(i, j)));
          if (!words) continue;
          var cand = { cost: best[i].cost + 1, parts: best[i].parts.concat([{ from: i, to: j, words: words }]) };
          if (!best[j] || cand.cost < best[j].cost) best[j] = cand;
        }
      }
      if (best[n]) return best[n].parts;
    }
    return null;
  }

  // Report words that read like `word` (a query word the text does not hold) and share a
  // character with it at the same place.
  function soundAlike(word, ix) {
    var key = "";
    for (var i = 0; i < word.length; i++) {
      var r = ix.reading.get(word[i]);
      if (!r) return [];
      key += r;
    }
    var found = (ix.spoken.get(key) || []).concat(ix.fuzzy.get(fuzzy(key)) || []);
    return found.filter(function (w, k) {
      if (w.length !== word.length || w === word || found.indexOf(w) !== k) return false;
      for (var c = 0; c < w.length; c++) if (w[c] === word[c]) return true;
      return false;
    });
  }

  // ---- understanding a query ----------------------------------------------------------------
  var LATIN = /[a-z]+/g;
  var HAN1 = /^[\u3400-\u9fff]$/;

  function stem(w) { return w.length > 3 && /s$/.test(w) && !/ss$/.test(w) ? w.slice(0, -1) : w; }

  // A query word: what the reader typed (label) and what matches it, each alternative squeezed
  // as the text is (村（社区） matches 村社区), once.
  function word(query, from, to, alts, single) {
    var seen = {}, list = [];
    alts.forEach(function (a) {
      var s = squeezed(a.s).s.replace(/\n/g, "");
      if (s && !seen[s]) { seen[s] = true; list.push({ s: s, w: a.w, why: a.why }); }
    });
    return { label: query.slice(from, to), at: from, end: to, alts: list, single: !!single };
  }

  // Latin runs: English reader words (longest first), ignored words, then pinyin.
  function latinWords(query, folded, ix, out) {
    var toks = [], m;
    LATIN.lastIndex = 0;
    while ((m = LATIN.exec(folded))) toks.push({ w: stem(m[0]), at: m.index, end: m.index + m[0].length });
    var i = 0, run = [];
    function flushRun() {
      if (!run.length) return;
      var letters = run.map(function (t) { return folded.slice(t.at, t.end); }).join("");
      var offsets = [];
      run.forEach(function (t) { for (var k = t.at; k < t.end; k++) offsets.push(k); });
      var parts = spell(letters, ix);
      if (parts) {
        parts.forEach(function (p) {
          var alts = p.words.map(function (w) { return { s: w, w: EXPAND_W, why: "pinyin" }; });
          out.push(word(query, offsets[p.from], offsets[p.to - 1] + 1, alts));
        });
      } else {
        run.forEach(function (t) { out.push(word(query, t.at, t.end, [{ s: folded.slice(t.at, t.end), w: 1, why: "" }])); });
      }
      run = [];
    }
    while (i < toks.length) {
      var matched = 0;
      for (var j = Math.min(toks.length, i + 4); j > i && !matched; j--) {
        var key = toks.slice(i, j).map(function (t) { return t.w; }).join(" ");
        var report = ix.expand.get(key);
        if (report) {
          flushRun();
          out.push(word(query, toks[i].at, toks[j - 1].end, report.map(function (s) { return { s: s, w: EXPAND_W, why: "reader" }; })));
          matched = j - i;
        }
      }
      if (matched) { i += matched; continue; }
      if (ix.ignore.has(toks[i].w)) { flushRun(); i++; continue; }
      run.push(toks[i]);
      i++;
    }
    flushRun();
  }

  // A stretch of Han and digits: curated reader words and numbers where they start, jieba's
  // words in between.
  function hanWords(query, folded, ix, out) {
    var masked = folded.replace(/[a-z]/g, " "), i = 0, from = 0;
    function flush(to) {
      if (to > from) plainWords(query, masked.slice(from, to), from, ix, out);
    }
    while (i < masked.length) {
      var key = null;
      for (var n = Math.min(ix.maxKey, masked.length - i); n >= 2 && !key; n--) {
        if (ix.expand.has(masked.slice(i, i + n))) key = masked.slice(i, i + n);
      }
      if (key) {
        flush(i);
        var alts = [{ s: key, w: 1, why: "" }].concat(ix.expand.get(key).map(function (s) { return { s: s, w: EXPAND_W, why: "reader" }; }));
        out.push(word(query, i, i + key.length, alts));
        i += key.length;
        from = i;
        continue;
      }
      var num = numberAt(masked, i);
      if (num) {
        flush(i);
        out.push(word(query, i, i + num.len, num.alts));
        i += num.len;
        from = i;
        continue;
      }
      i++;
    }
    flush(masked.length);
  }

  // jieba's words of a stretch: ignored words dropped (they must be whole words), lone
  // characters next to each other joined again. An ignored character that a lone character
  // follows starts a word the text does not hold (地铁, 的哥), and stays.
  function plainWords(query, text, at, ix, out) {
    var toks = cutAt(text, at, ix).filter(function (t) { return !/^[a-z]+$/.test(t.w); });
    var keep = [];
    // How many tokens from k make an ignored word (the longest), 0 for none.
    function ignoredAt(k) {
      var skip = 0, joined = "";
      for (var j = k; j < toks.length && j < k + 4; j++) {
        if (j > k && toks[j].at !== toks[j - 1].at + toks[j - 1].w.length) break;
        joined += toks[j].w;
        if (ix.ignore.has(joined)) skip = j - k + 1;
      }
      return skip;
    }
    function lone(k) { return k < toks.length && HAN1.test(toks[k].w) && !ignoredAt(k); }
    for (var i = 0; i < toks.length;) {
      var skip = ignoredAt(i);
      if (skip === 1 && HAN1.test(toks[i].w) && lone(i + 1) && toks[i + 1].at === toks[i].at + 1) skip = 0;
      if (skip) { i += skip; continue; }
      keep.push(toks[i]);
      i++;
    }
    for (var k = 0; k < keep.length;) {
      var t = keep[k], end = t.at + t.w.length, m = k + 1;
      if (HAN1.test(t.w)) {
        while (m < keep.length && HAN1.test(keep[m].w) && keep[m].at === end) { end += 1; m++; }
      }
      var s = text.slice(t.at - at, end - at);
      out.push(word(query, t.at, end, [{ s: s, w: 1, why: "" }], s.length === 1 && HAN1.test(s)));
      k = m;
    }
  }

  function analyse(query, ix) {
    var folded = foldText(query, ix.fold), words = [];
    latinWords(query, folded, ix, words);
    hanWords(query, folded, ix, words);
    words.sort(function (a, b) { return a.at - b.at; });
    // The same word twice counts once.
    var seen = {}, unique = words.filter(function (w) {
      var key = w.alts.map(function (a) { return a.s; }).join("|");
      if (seen[key]) return false;
      seen[key] = true;
      return true;
    });
    return { words: unique, phrase: squeezed(folded).s.replace(/\n/g, "") };
  }

  // ---- matching -----------------------------------------------------------------------------
  function isDigit(c) { return c >= "0" && c <= "9"; }

  // Start offsets in the squeezed text of matches of `term` (digits never inside a longer number).
  function find(sq, term) {
    var out = [], from = 0, headDigit = isDigit(term[0]), tailDigit = isDigit(term[term.length - 1]);
    if (!term) return out;
    for (;;) {
      var at = sq.s.indexOf(term, from);
      if (at < 0) return out;
      from = at + 1;
      var start = sq.pos[at], end = sq.pos[at + term.length - 1];
      if (headDigit && start > 0 && isDigit(sq.f[start - 1])) continue;
      if (tailDigit && end + 1 < sq.f.length && isDigit(sq.f[end + 1])) continue;
      out.push(at);
    }
  }

  // How each section holds a word: its best alternative's weight, body count, title, context.
  function matchWord(w, ix) {
    var df = 0, per = ix.sections.map(function (s) {
      var best = null;
      w.alts.forEach(function (a) {
        var b = find(s.B, a.s).length, t = find(s.T, a.s).length > 0, c = find(s.C, a.s).length > 0;
        if (!b && !t && !c) return;
        var value = a.w * ((b * (K1 + 1)) / (b + K1) + (t ? TITLE_W : 0) + (c ? CONTEXT_W : 0));
        if (!best || value > best.value) best = { value: value, alt: a };
      });
      if (best) df++;
      return best;
    });
    return { df: df, per: per };
  }

  // Unknown words: the report's words that read alike become their alternatives.
  function correct(words, stats, ix) {
    words.forEach(function (w, k) {
      if (stats[k].df || w.single || !/^[\u3400-\u9fff]+$/.test(w.alts[0].s)) return;
      var alike = soundAlike(w.alts[0].s, ix);
      if (!alike.length) return;
      w.alts = w.alts.concat(alike.map(function (s) { return { s: s, w: TYPO_W, why: "typo" }; }));
      stats[k] = matchWord(w, ix);
    });
  }

  function search(query, ix) {
    var q = analyse(query, ix), N = ix.sections.length;
    var stats = q.words.map(function (w) { return matchWord(w, ix); });
    correct(q.words, stats, ix);
    var found = [], missing = [];
    q.words.forEach(function (w, k) {
      if (!stats[k].df) { missing.push(w.label); return; }
      var st = stats[k];
      st.word = w;
      st.share = w.single ? 0 : 1;  // a lone character ranks within, never across, shares
      st.idf = Math.log(1 + (N - st.df + 0.5) / (st.df + 0.5)) * (w.single && q.words.length > 1 ? SINGLE_W : 1);
      found.push(st);
    });
    var full = found.reduce(function (a, st) { return a + st.share; }, 0);
    var hits = [];
    ix.sections.forEach(function (s, si) {
      var score = 0, share = 0, why = [];
      found.forEach(function (st) {
        var m = st.per[si];
        if (!m) return;
        share += st.share;
        score += st.idf * m.value;
        if (m.alt.why) why.push([st.word.label, m.alt.s, m.alt.why]);
      });
      if (!score) return;
      score += bonus(q, found, s, si);
      hits.push({ s: s, score: score * s.page[2], share: share, all: share >= full - 1e-9, why: why });
    });
    hits.sort(function (a, b) { return b.share - a.share || b.score - a.score; });
    var complete = hits.filter(function (h) { return h.all; }).length;
    return { q: q, hits: hits.slice(0, MAX_RESULTS), total: hits.length, complete: complete, missing: missing };
  }

  // The whole query in order, and consecutive words next to each other.
  function bonus(q, found, s, si) {
    var extra = 0, totalIdf = found.reduce(function (a, st) { return a + st.idf; }, 0);
    if (q.words.length > 1 && q.phrase) {
      var pb = find(s.B, q.phrase).length ? 1 : 0, pt = find(s.T, q.phrase).length ? TITLE_W : 0;
      extra += PHRASE_W * totalIdf * (pb + pt);
    }
    for (var i = 0; i + 1 < found.length; i++) {
      var a = found[i], b = found[i + 1], inB = 0, inT = 0;
      if (!a.per[si] || !b.per[si]) continue;
      a.word.alts.slice(0, 4).forEach(function (x) {
        b.word.alts.slice(0, 4).forEach(function (y) {
          var joined = x.s + y.s;
          if (!inB && find(s.B, joined).length) inB = 1;
          if (!inT && find(s.T, joined).length) inT = TITLE_W;
        });
      });
      extra += ADJ_W * (a.idf + b.idf) / 2 * (inB + inT);
    }
    return extra;
  }

  // ---- highlighting -------------------------------------------------------------------------
  // Strings worth marking: every alternative that is no lone character, or the only word.
  function markTerms(q) {
    var list = [];
    q.words.forEach(function (w) {
      w.alts.forEach(function (a) {
        if ((a.s.length > 1 || !HAN1.test(a.s)) && list.indexOf(a.s) < 0) list.push(a.s);
      });
    });
    if (!list.length) q.words.forEach(function (w) { if (list.indexOf(w.alts[0].s) < 0) list.push(w.alts[0].s); });
    if (q.phrase && q.words.length > 1 && list.indexOf(q.phrase) < 0) list.unshift(q.phrase);
    return list;
  }

  // [start, end) ranges in the folded (= displayed) text, merged.
  function ranges(sq, terms) {
    var rs = [];
    terms.forEach(function (t) {
      find(sq, t).forEach(function (at) { rs.push([sq.pos[at], sq.pos[at + t.length - 1] + 1]); });
    });
    rs.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var out = [];
    rs.forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else out.push(r.slice());
    });
    return out;
  }

  // Report words that look or sound most like a query nothing matched: for the reader to try.
  function closest(query, ix, limit) {
    var q = foldText(query, ix.fold).replace(/[^\u3400-\u9fffa-z0-9]/g, "");
    if (!q) return [];
    var key = "";
    for (var i = 0; i < q.length; i++) key += ix.reading.get(q[i]) || q[i];
    var scored = [];
    ix.spoken.forEach(function (words, reading) {
      words.forEach(function (w) {
        var shared = 0;
        for (var c = 0; c < w.length; c++) if (q.indexOf(w[c]) >= 0) shared++;
        var sound = commonPrefix(reading, key) >= 2 ? commonPrefix(reading, key) / Math.max(reading.length, key.length) : 0;
        var score = shared / Math.max(w.length, q.length) + sound;
        if (score > 0) scored.push([score, w]);
      });
    });
    scored.sort(function (a, b) { return b[0] - a[0] || a[1].length - b[1].length; });
    var out = [];
    scored.forEach(function (x) { if (out.length < limit && out.indexOf(x[1]) < 0) out.push(x[1]); });
    return out;
  }

  function commonPrefix(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  }

  window.__reportSearchEngine = {
    prepare: prepare, foldText: foldText, squeezed: squeezed, cut: cut, analyse: analyse,
    search: search, markTerms: markTerms, ranges: ranges, closest: closest
  };
})();
