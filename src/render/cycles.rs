//! Template cycles: a template that extends, includes or imports itself, directly or through
//! others, would make Tera recurse until the stack overflows, so such cycles are refused when
//! the templates load, at the line of the tag that closes the cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use tera::Template;
use tera::ast::Node;

use crate::error::{Diagnostic, Diagnostics, Location};

/// How one template uses another.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Use {
    Extends,
    Includes,
    Imports,
}

impl Use {
    /// The tag's keyword.
    fn keyword(self) -> &'static str {
        match self {
            Use::Extends => "extends",
            Use::Includes => "include",
            Use::Imports => "import",
        }
    }

    /// The verb in a message.
    fn verb(self) -> &'static str {
        match self {
            Use::Extends => "extends",
            Use::Includes => "includes",
            Use::Imports => "imports",
        }
    }
}

/// One error per cycle among `templates` (parsed, by name), placed in the template of
/// `sources` whose tag closes it; templates are shown under `shown_dir`.
pub(crate) fn find(
    templates: &BTreeMap<String, Template>,
    sources: &BTreeMap<String, String>,
    shown_dir: &Path,
    diagnostics: &mut Diagnostics,
) {
    let edges: BTreeMap<&str, Vec<(Use, String)>> = templates
        .iter()
        .map(|(name, template)| (name.as_str(), uses(template, templates)))
        .collect();
    let mut finished = BTreeSet::new();
    let mut seen_cycles = BTreeSet::new();
    for start in edges.keys() {
        let mut path: Vec<(&str, Option<Use>)> = Vec::new();
        walk(
            start,
            &edges,
            &mut path,
            &mut finished,
            &mut |cycle: &Cycle| {
                let members: BTreeSet<&str> = cycle.iter().map(|(name, _)| *name).collect();
                if seen_cycles.insert(members.into_iter().map(String::from).collect::<Vec<_>>()) {
                    diagnostics.push(diagnostic(cycle, sources, shown_dir));
                }
            },
        );
    }
}

/// A cycle: each template with how it uses the next, the last using the first.
type Cycle<'a> = [(&'a str, Use)];

/// Depth-first search from `name`, calling `found` with each cycle as the list of
/// (template, how it uses the next) from the first template of the cycle.
fn walk<'a>(
    name: &'a str,
    edges: &'a BTreeMap<&'a str, Vec<(Use, String)>>,
    path: &mut Vec<(&'a str, Option<Use>)>,
    finished: &mut BTreeSet<&'a str>,
    found: &mut dyn FnMut(&Cycle<'a>),
) {
    if finished.contains(name) {
        return;
    }
    if let Some(start) = path.iter().position(|(n, _)| *n == name) {
        let cycle: Vec<(&str, Use)> = path[start..]
            .iter()
            .filter_map(|(n, how)| how.map(|how| (*n, how)))
            .collect();
        found(&cycle);
        return;
    }
    let Some(used) = edges.get(name) else {
        return;
    };
    path.push((name, None));
    for (how, next) in used {
        if let Some(last) = path.last_mut() {
            last.1 = Some(*how);
        }
        if let Some((key, _)) = edges.get_key_value(next.as_str()) {
            walk(key, edges, path, finished, found);
        }
    }
    path.pop();
    finished.insert(name);
}

/// The error for one cycle, placed at the tag in its last template that leads back to the
/// first.
fn diagnostic(
    cycle: &[(&str, Use)],
    sources: &BTreeMap<String, String>,
    shown_dir: &Path,
) -> Diagnostic {
    let Some(((first, _), (last, how))) = cycle.first().zip(cycle.last()) else {
        return Diagnostic::error(shown_dir, "a template cycle");
    };
    let message = if cycle.len() == 1 {
        format!("`{first}` {} itself", how.verb())
    } else {
        let mut chain = format!("`{first}`");
        for (index, (_, how)) in cycle.iter().enumerate() {
            let next = cycle.get(index + 1).map_or(*first, |(n, _)| *n);
            chain.push_str(&format!(" {} `{next}`", how.verb()));
        }
        format!("templates use each other in a cycle: {chain}")
    };
    let location = sources
        .get(*last)
        .and_then(|source| tag_offset(source, how.keyword(), first))
        .zip(sources.get(*last))
        .map(|(offset, source)| Location::of_offset(source, offset));
    Diagnostic::error(shown_dir.join(last), message)
        .at_opt(location)
        .with_hint(
            "rendering it would never end: remove the tag, or use a macro that stops \
             (a `{% macro %}` calling itself under an `{% if %}`)",
        )
}

/// The templates `template` extends (its direct parent), imports and includes; of the names
/// an include lists, the first that exists, as Tera renders.
fn uses(template: &Template, all: &BTreeMap<String, Template>) -> Vec<(Use, String)> {
    let mut used = Vec::new();
    if let Some(parent) = &template.parent {
        used.push((Use::Extends, parent.clone()));
    }
    for (file, _) in &template.imported_macro_files {
        used.push((Use::Imports, file.clone()));
    }
    let mut included = Vec::new();
    includes(&template.ast, &mut included);
    for definition in template.macros.values() {
        includes(&definition.body, &mut included);
    }
    for names in included {
        if let Some(name) = names.iter().find(|n| all.contains_key(*n)) {
            used.push((Use::Includes, name.clone()));
        }
    }
    used
}

/// The name lists of every `{% include %}` anywhere in `nodes`.
fn includes(nodes: &[Node], found: &mut Vec<Vec<String>>) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => found.push(names.clone()),
            Node::Block(_, block, _) => includes(&block.body, found),
            Node::Forloop(_, forloop, _) => {
                includes(&forloop.body, found);
                if let Some(empty) = &forloop.empty_body {
                    includes(empty, found);
                }
            }
            Node::If(branches, _) => {
                for (_, _, body) in &branches.conditions {
                    includes(body, found);
                }
                if let Some((_, body)) = &branches.otherwise {
                    includes(body, found);
                }
            }
            Node::FilterSection(_, section, _) => includes(&section.body, found),
            Node::MacroDefinition(_, definition, _) => includes(&definition.body, found),
            _ => {}
        }
    }
}

/// The offset of the first `{% keyword ... "name" ... %}` tag in `source`.
fn tag_offset(source: &str, keyword: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = source[from..].find("{%") {
        let start = from + found;
        let rest = &source[start + 2..];
        let end = rest.find("%}").unwrap_or(rest.len());
        let tag = rest[..end].trim_start_matches('-').trim_start();
        let quoted = ['"', '\'', '`']
            .iter()
            .any(|q| tag.contains(&format!("{q}{name}{q}")));
        if tag.starts_with(keyword) && quoted {
            return Some(start);
        }
        from = start + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cycles(templates: &[(&str, &str)]) -> Vec<String> {
        let sources: BTreeMap<String, String> = templates
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let parsed = sources
            .iter()
            .map(|(n, s)| (n.clone(), Template::new(n, None, s).unwrap()))
            .collect();
        let mut found = Diagnostics::default();
        find(&parsed, &sources, Path::new("templates"), &mut found);
        found
            .iter()
            .map(|d| format!("{}: {}", d.place(), d.message))
            .collect()
    }

    #[test]
    fn cycles_of_includes_imports_and_extends_are_found_once_each_at_their_tag() {
        assert_eq!(
            cycles(&[("self.html", "a\n{% include \"self.html\" %}")]),
            ["templates/self.html:2:1: `self.html` includes itself"]
        );
        assert_eq!(
            cycles(&[
                ("a.html", "{% include \"b.html\" %}"),
                ("b.html", "x\n  {%- include 'a.html' -%}"),
            ]),
            [
                "templates/b.html:2:3: templates use each other in a cycle: `a.html` includes `b.html` includes `a.html`"
            ]
        );
        assert_eq!(
            cycles(&[
                (
                    "m.html",
                    "{% import \"n.html\" as n %}{% macro f() %}{% endmacro %}"
                ),
                (
                    "n.html",
                    "{% import \"m.html\" as m %}{% macro g() %}{% endmacro %}"
                ),
            ])
            .len(),
            1
        );
        assert!(
            cycles(&[
                ("base.html", "{% block b %}{% endblock %}{% include \"card.html\" %}"),
                ("page.html", "{% extends \"base.html\" %}{% block b %}{% include \"card.html\" %}{% endblock %}"),
                ("card.html", "<div></div>"),
            ])
            .is_empty()
        );
    }
}
