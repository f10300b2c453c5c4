//! `quire check --external`: fetches each external URL once, a few hosts at a time and one
//! request at a time per host, with a timeout, and reports those that fail.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use rayon::prelude::*;

use super::ExternalLink;
use crate::error::{Diagnostic, Diagnostics};

/// How external links are checked.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// How many hosts are contacted at once.
    pub concurrency: usize,
    /// How long one request may take.
    pub timeout: Duration,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            concurrency: 8,
            timeout: Duration::from_secs(10),
        }
    }
}

/// Checks every distinct URL in `links`; one diagnostic per place a failing URL is linked.
pub(crate) fn check(
    links: Vec<ExternalLink>,
    options: &ExternalOptions,
    diagnostics: &mut Diagnostics,
) {
    let mut by_host: BTreeMap<String, BTreeMap<String, Vec<Diagnostic>>> = BTreeMap::new();
    for link in links {
        by_host
            .entry(host_of(&link.url))
            .or_default()
            .entry(link.url)
            .or_default()
            .push(link.found_in);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent("quire-link-check")
        .build()
        .into();
    let problems = Mutex::new(Vec::new());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.concurrency.max(1))
        .build();
    let run = || {
        by_host.par_iter().for_each(|(_, urls)| {
            // One host's URLs in turn: no site gets more than one request at a time from us.
            for (url, places) in urls {
                if let Err(why) = fetch(&agent, url) {
                    let found: Vec<Diagnostic> = places
                        .iter()
                        .map(|place| Diagnostic {
                            message: format!("external link `{url}` is broken: {why}"),
                            hint: Some(
                                "fix or remove the link; run without --external to skip this check"
                                    .to_string(),
                            ),
                            ..place.clone()
                        })
                        .collect();
                    if let Ok(mut problems) = problems.lock() {
                        problems.extend(found);
                    }
                }
            }
        })
    };
    match pool {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    }
    diagnostics.extend(problems.into_inner().unwrap_or_default());
}

/// Fetches a URL with HEAD, falling back to GET for servers that refuse HEAD; the error is
/// why the link is broken, reported at every place it is linked from.
fn fetch(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    let status = match agent.head(url).call() {
        Ok(response) => response.status().as_u16(),
        Err(error) => return Err(error.to_string()),
    };
    let status = if status == 405 || status == 501 {
        agent
            .get(url)
            .call()
            .map_err(|e| e.to_string())?
            .status()
            .as_u16()
    } else {
        status
    };
    if status < 400 {
        Ok(())
    } else {
        Err(format!("the server answered {status}"))
    }
}

/// `https://a.example:8080/x` → `a.example:8080`.
fn host_of(url: &str) -> String {
    let after_scheme = url.find("://").map_or(url, |i| &url[i + 3..]);
    after_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_include_the_port() {
        assert_eq!(host_of("https://A.example:8080/x?y"), "a.example:8080");
        assert_eq!(host_of("http://b.example"), "b.example");
    }
}
