/*
 * "Cite": every paragraph with an anchor (sec-2-3-p1, preface, closing-1 …) gets a button
 * that opens a dialog with a GB/T 7714-2015 reference to it, in the page's script, to copy:
 *
 *   深圳市人民政府. 2021年深圳市政府工作报告[EB/OL]. (2021-02-08)[2026-12-06].
 *   https://…/shenzhenshi/2021/zh-Hans/chapter-1/#sec-1-2-p3.
 *
 * Issuer, title and date come from the page's <meta name="citation_…"> (the library writes
 * them); the address is the page's canonical one if it has one, else the address it was
 * opened at (also file://), with the paragraph's anchor; the date of access is today's.
 * Works offline and from disk: copying uses the Clipboard API where the browser allows it,
 * else selects the text and asks the browser to copy it (the reader can also copy it by hand).
 */
(function () {
  "use strict";

  var WORDS = {
    "zh-Hans": {
      button: "引用",
      label: "引用本段",
      title: "引用本段",
      field: "GB/T 7714—2015 格式的参考文献",
      note: "按 GB/T 7714—2015 著录，引用日期为今天；网址指向本段。",
      copy: "复制",
      copied: "已复制",
      failed: "请选中后手动复制",
      close: "关闭"
    },
    "zh-Hant": {
      button: "引用",
      label: "引用本段",
      title: "引用本段",
      field: "GB/T 7714—2015 格式的參考文獻",
      note: "按 GB/T 7714—2015 著錄，引用日期為今天；網址指向本段。",
      copy: "複製",
      copied: "已複製",
      failed: "請選取後手動複製",
      close: "關閉"
    }
  };
  var lang = document.documentElement.lang === "zh-Hant" ? "zh-Hant" : "zh-Hans";
  var words = WORDS[lang];

  function meta(name) {
    var tag = document.querySelector('meta[name="' + name + '"]');
    return tag ? tag.getAttribute("content") : "";
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function address(id) {
    var canonical = document.querySelector('link[rel="canonical"]');
    var url = new URL(canonical ? canonical.href : location.href);
    url.search = "";
    url.hash = id;
    return url.href;
  }

  // 主要责任者. 题名[EB/OL]. (发布日期)[引用日期]. 获取和访问路径.
  function reference(id) {
    var date = meta("citation_publication_date").replace(/\//g, "-");
    var when = /^\d{4}-\d{2}-\d{2}$/.test(date) ? "(" + date + ")" : date;
    var author = meta("citation_author");
    return (author ? author + ". " : "") + meta("citation_title") + "[EB/OL]. " +
      when + "[" + today() + "]. " + address(id) + ".";
  }

  var dialog = null;
  var opener = null;

  function copy(field, status) {
    function done(ok) {
      status.textContent = ok ? words.copied : words.failed;
    }
    field.focus();
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () { done(true); }, function () {
        done(document.execCommand("copy"));
      });
    } else {
      done(document.execCommand("copy"));
    }
  }

  function makeDialog() {
    var box = document.createElement("dialog");
    box.className = "cite-dialog";
    box.setAttribute("aria-labelledby", "cite-dialog-title");
    box.innerHTML =
      '<h2 id="cite-dialog-title"></h2><textarea readonly rows="4"></textarea><p></p>' +
      '<div class="cite-dialog__actions"><output aria-live="polite"></output>' +
      '<button type="button" class="cite-copy"></button>' +
      '<button type="button" class="cite-close"></button></div>';
    box.querySelector("h2").textContent = words.title;
    box.querySelector("textarea").setAttribute("aria-label", words.field);
    box.querySelector("p").textContent = words.note;
    box.querySelector(".cite-copy").textContent = words.copy;
    box.querySelector(".cite-close").textContent = words.close;
    box.querySelector(".cite-copy").addEventListener("click", function () {
      copy(box.querySelector("textarea"), box.querySelector("output"));
    });
    box.querySelector(".cite-close").addEventListener("click", function () {
      box.close();
    });
    box.addEventListener("close", function () {
      if (opener) {
        opener.focus();
      }
    });
    document.body.appendChild(box);
    return box;
  }

  function open(paragraph, button) {
    dialog = dialog || makeDialog();
    opener = button;
    var field = dialog.querySelector("textarea");
    field.value = reference(paragraph.id);
    dialog.querySelector("output").textContent = "";
    dialog.setAttribute("data-paragraph", paragraph.id);
    dialog.showModal();
    field.focus();
    field.select();
    field.scrollTop = 0;  // selected whole, shown from its start (the issuer and title)
  }

  var paragraphs = document.querySelectorAll(
    ".md-content article p[id], .md-content article li[id]"
  );
  Array.prototype.forEach.call(paragraphs, function (paragraph) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cite-button";
    button.textContent = words.button;
    button.setAttribute("aria-label", words.label);
    button.setAttribute("aria-haspopup", "dialog");
    button.addEventListener("click", function () {
      open(paragraph, button);
    });
    paragraph.appendChild(button);
  });
})();
