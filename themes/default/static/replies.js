/* rapport: the public replies to a post's discussion on Mastodon or Bluesky, shown when a reader clicks
   "Show replies" (the page loads this file only then). No dependencies. Remote text is only ever set with
   textContent, and links only ever go to https URLs. */
(function () {
  "use strict";
  var BLUESKY = "https://public.api.bsky.app/xrpc/";
  var MAX = 40;

  function json(response) {
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }

  function https(url) {
    try {
      var parsed = new URL(url);
      return parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  // Mastodon sends HTML: read it in an inert document (no scripts run, no images load) and keep its text.
  function plain(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    doc.querySelectorAll("br").forEach(function (br) { br.replaceWith("\n"); });
    doc.querySelectorAll("p").forEach(function (p) { p.append("\n\n"); });
    return (doc.body.textContent || "").trim();
  }

  function mastodon(box) {
    return fetch(box.dataset.repliesApi, { headers: { Accept: "application/json" } })
      .then(json)
      .then(function (context) {
        return (context.descendants || []).map(function (status) {
          var account = status.account || {};
          return {
            author: account.display_name || account.acct || "",
            handle: account.acct ? "@" + account.acct : "",
            text: plain(status.content || ""),
            url: status.url || status.uri,
            date: status.created_at
          };
        });
      });
  }

  function bluesky(box) {
    var api = box.dataset.repliesApi;
    var thread = api
      ? fetch(api)
      : fetch(BLUESKY + "com.atproto.identity.resolveHandle?handle=" + encodeURIComponent(box.dataset.repliesActor))
        .then(json)
        .then(function (found) {
          var uri = "at://" + found.did + "/app.bsky.feed.post/" + box.dataset.repliesPost;
          return fetch(BLUESKY + "app.bsky.feed.getPostThread?uri=" + encodeURIComponent(uri));
        });
    return thread.then(json).then(function (found) {
      var replies = [];
      walk(found.thread, replies);
      return replies;
    });
  }

  // Replies to replies follow their parent, in the order Bluesky gives them.
  function walk(node, into) {
    ((node && node.replies) || []).forEach(function (reply) {
      if (!reply || !reply.post) return;
      var post = reply.post;
      var author = post.author || {};
      var key = String(post.uri || "").split("/").pop();
      into.push({
        author: author.displayName || author.handle || "",
        handle: author.handle ? "@" + author.handle : "",
        text: (post.record && post.record.text) || "",
        url: "https://bsky.app/profile/" + encodeURIComponent(author.did || author.handle || "") +
          "/post/" + encodeURIComponent(key),
        date: post.indexedAt
      });
      walk(reply, into);
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function show(box, replies) {
    var list = box.querySelector(".replies-list");
    var status = box.querySelector(".replies-status");
    list.textContent = "";
    replies.slice(0, MAX).forEach(function (reply) {
      var item = element("li", "reply");
      var meta = element("p", "reply-meta");
      var link = https(reply.url);
      var who = element(link ? "a" : "span", "reply-author", reply.author || reply.handle);
      if (link) {
        who.href = link;
        who.rel = "nofollow noopener";
      }
      meta.appendChild(who);
      if (reply.handle && reply.author) meta.appendChild(element("span", "reply-handle", " " + reply.handle));
      var date = reply.date ? new Date(reply.date) : null;
      if (date && !isNaN(date)) {
        var time = element("time", "reply-date", " · " + date.toLocaleDateString());
        time.dateTime = date.toISOString();
        meta.appendChild(time);
      }
      item.appendChild(meta);
      item.appendChild(element("p", "reply-text", reply.text));
      list.appendChild(item);
    });
    list.hidden = replies.length === 0;
    var more = replies.length > MAX ? " The first " + MAX + " are shown." : "";
    status.textContent = replies.length === 0
      ? "No replies yet: be the first."
      : replies.length + (replies.length === 1 ? " reply." : " replies.") + more;
  }

  window.rapportReplies = function (button) {
    var box = button.closest(".replies-thread");
    if (!box || button.disabled) return;
    var status = box.querySelector(".replies-status");
    button.disabled = true;
    status.textContent = "Loading replies…";
    var load = box.dataset.repliesPlatform === "bluesky" ? bluesky : mastodon;
    load(box).then(function (replies) {
      show(box, replies);
      button.hidden = true;
    }, function () {
      status.textContent = "The replies could not be loaded. Read them in the discussion.";
      button.disabled = false;
    });
  };
})();
