//! Replies: which `discussion:` links point at a post whose public replies a
//! page can show (a Mastodon status, a Bluesky post), and the API each needs.
//! The page gets a "Show replies" button with these as data attributes; the
//! theme's `replies.js`, loaded only on click, fetches and shows them.

use serde::Serialize;

/// A discussion thread whose replies are public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Thread {
    /// A status on a Mastodon server: `https://HOST/@user/ID`.
    Mastodon { host: String, id: String },
    /// A Bluesky post: `https://bsky.app/profile/ACTOR/post/RKEY`; the actor
    /// is a handle (resolved to a DID by the script) or a DID.
    Bluesky { actor: String, rkey: String },
}

/// Bluesky's public AppView: no account, no key.
pub const BLUESKY_API: &str = "https://public.api.bsky.app/xrpc/";

/// What a template gets as `page.replies`.
#[derive(Debug, Clone, Serialize)]
pub struct RepliesView {
    /// `mastodon` or `bluesky`.
    pub platform: &'static str,
    /// The discussion link as written.
    pub url: String,
    /// Mastodon: the context API; Bluesky: `getPostThread` when the actor is
    /// a DID; none when the script must resolve a handle first.
    pub api: Option<String>,
    /// Bluesky: the handle or DID, and the post's record key.
    pub actor: Option<String>,
    pub post: Option<String>,
}

impl Thread {
    /// The thread a discussion URL names, or `None` for any other link.
    pub fn parse(url: &str) -> Option<Thread> {
        let url = url.trim();
        if let Some(rest) = url.strip_prefix("at://") {
            // at://ACTOR/app.bsky.feed.post/RKEY
            let mut parts = rest.split('/');
            let (actor, collection, rkey) = (parts.next()?, parts.next()?, parts.next()?);
            return (collection == "app.bsky.feed.post" && parts.next().is_none())
                .then(|| bluesky(actor, rkey))
                .flatten();
        }
        let rest = url.strip_prefix("https://")?;
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        let (host, path) = rest.split_once('/')?;
        let host = host.to_ascii_lowercase();
        if !is_host(&host) {
            return None;
        }
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        if host == "bsky.app" {
            return match parts[..] {
                ["profile", actor, "post", rkey] => bluesky(actor, rkey),
                _ => None,
            };
        }
        let id = match parts[..] {
            [user, id] if user.len() > 1 && user.starts_with('@') => id,
            ["users", _, "statuses", id] => id,
            _ => return None,
        };
        (!id.is_empty() && id.len() <= 32 && id.bytes().all(|b| b.is_ascii_digit())).then(|| {
            Thread::Mastodon {
                host,
                id: id.to_string(),
            }
        })
    }

    /// The URL that lists the replies, when it needs no lookup first.
    pub fn api(&self) -> Option<String> {
        match self {
            Thread::Mastodon { host, id } => {
                Some(format!("https://{host}/api/v1/statuses/{id}/context"))
            }
            Thread::Bluesky { actor, rkey } if actor.starts_with("did:") => Some(format!(
                "{BLUESKY_API}app.bsky.feed.getPostThread?uri={}",
                crate::templates::percent_encode(&format!(
                    "at://{actor}/app.bsky.feed.post/{rkey}"
                ))
            )),
            Thread::Bluesky { .. } => None,
        }
    }

    /// The view templates get for the discussion link `url`.
    pub fn view(&self, url: &str) -> RepliesView {
        let (platform, actor, post) = match self {
            Thread::Mastodon { .. } => ("mastodon", None, None),
            Thread::Bluesky { actor, rkey } => ("bluesky", Some(actor.clone()), Some(rkey.clone())),
        };
        RepliesView {
            platform,
            url: url.trim().to_string(),
            api: self.api(),
            actor,
            post,
        }
    }
}

/// A Bluesky post, if the actor is a handle or DID and the key a record key.
fn bluesky(actor: &str, rkey: &str) -> Option<Thread> {
    let actor = actor.to_ascii_lowercase();
    let is_did = actor.starts_with("did:plc:") || actor.starts_with("did:web:");
    let did_ok = is_did
        && actor.len() <= 256
        && actor
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b":._-%".contains(&b));
    // Record keys: 1-512 of A-Z a-z 0-9 . - _ : ~ (not "." or "..").
    let rkey_ok = (1..=512).contains(&rkey.len())
        && rkey != "."
        && rkey != ".."
        && rkey
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-_:~".contains(&b));
    ((did_ok || is_host(&actor)) && rkey_ok).then(|| Thread::Bluesky {
        actor,
        rkey: rkey.to_string(),
    })
}

/// A DNS host name: dot-separated labels of letters, digits and inner hyphens.
fn is_host(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    host.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mastodon(host: &str, id: &str) -> Option<Thread> {
        Some(Thread::Mastodon {
            host: host.into(),
            id: id.into(),
        })
    }

    #[test]
    fn mastodon_status_urls_are_recognised() {
        assert_eq!(
            Thread::parse("https://mastodon.social/@loomwork/113456789012345678"),
            mastodon("mastodon.social", "113456789012345678")
        );
        assert_eq!(
            Thread::parse("https://Fosstodon.org/@a@example.com/42/?utm=x#top"),
            mastodon("fosstodon.org", "42")
        );
        assert_eq!(
            Thread::parse("https://hachyderm.io/users/ann/statuses/7"),
            mastodon("hachyderm.io", "7")
        );
        let thread = Thread::parse("https://mastodon.social/@a/1").expect("thread");
        assert_eq!(
            thread.api().as_deref(),
            Some("https://mastodon.social/api/v1/statuses/1/context")
        );
    }

    #[test]
    fn bluesky_post_urls_are_recognised() {
        let thread =
            Thread::parse("https://bsky.app/profile/loomwork.bsky.social/post/3kxyz2abcde22")
                .expect("thread");
        assert_eq!(
            thread,
            Thread::Bluesky {
                actor: "loomwork.bsky.social".into(),
                rkey: "3kxyz2abcde22".into()
            }
        );
        assert_eq!(thread.api(), None, "a handle is resolved by the script");
        let by_did = Thread::parse("https://bsky.app/profile/did:plc:abc123/post/3k").expect("did");
        assert_eq!(
            by_did.api().as_deref(),
            Some(
                "https://public.api.bsky.app/xrpc/app.bsky.feed.getPostThread?uri=at%3A%2F%2Fdid%3Aplc%3Aabc123%2Fapp.bsky.feed.post%2F3k"
            )
        );
        assert!(Thread::parse("at://did:plc:abc123/app.bsky.feed.post/3k").is_some());
        let view =
            thread.view(" https://bsky.app/profile/loomwork.bsky.social/post/3kxyz2abcde22 ");
        assert_eq!(view.platform, "bluesky");
        assert_eq!(view.actor.as_deref(), Some("loomwork.bsky.social"));
        assert_eq!(view.post.as_deref(), Some("3kxyz2abcde22"));
    }

    #[test]
    fn other_links_are_not_threads() {
        for url in [
            "",
            "not a url",
            "http://mastodon.social/@a/1",
            "https://mastodon.social/@a",
            "https://mastodon.social/@a/not-a-number",
            "https://mastodon.social/@/1",
            "https://news.ycombinator.com/item?id=1",
            "https://www.reddit.com/r/marketing/comments/abc/",
            "https://bsky.app/profile/a.bsky.social",
            "https://bsky.app/profile/a.bsky.social/post/",
            "https://bsky.app/profile/a.bsky.social/post/..",
            "https://bsky.app/profile/not_a_host/post/3k",
            "https://bsky.app/profile/a.bsky.social/post/3k\"><script>",
            "https://evil host.com/@a/1",
            "https://localhost/@a/1",
            "https://-bad.com/@a/1",
            "at://did:plc:abc/app.bsky.graph.follow/3k",
            "javascript:alert(1)//mastodon.social/@a/1",
        ] {
            assert_eq!(Thread::parse(url), None, "{url}");
        }
    }
}
