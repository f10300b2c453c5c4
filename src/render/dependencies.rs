//! Which templates use which: `{% extends %}`, `{% include %}` and `{% import %}`, read from
//! Tera's parsed templates, so a template edit in `quire serve` re-renders only the outputs
//! whose template uses the edited one.

use std::collections::{BTreeMap, BTreeSet};

use tera::ast::Node;
use tera::{Template, Tera};

/// `changed` and every template that uses one of them, directly or through others.
pub(crate) fn dependents(tera: &Tera, changed: &BTreeSet<String>) -> BTreeSet<String> {
    let uses: BTreeMap<&str, BTreeSet<String>> = tera
        .templates
        .iter()
        .map(|(name, template)| (name.as_str(), direct_uses(template)))
        .collect();
    let mut affected = changed.clone();
    // Grow the set until no template uses one in it without being in it.
    loop {
        let more: Vec<String> = uses
            .iter()
            .filter(|(name, used)| !affected.contains(**name) && !used.is_disjoint(&affected))
            .map(|(name, _)| name.to_string())
            .collect();
        if more.is_empty() {
            return affected;
        }
        affected.extend(more);
    }
}

/// `name` and every template it uses, directly or through others.
pub(crate) fn reached_from(tera: &Tera, name: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut pending = vec![name.to_string()];
    while let Some(next) = pending.pop() {
        if !found.insert(next.clone()) {
            continue;
        }
        if let Some(template) = tera.templates.get(&next) {
            pending.extend(direct_uses(template));
        }
    }
    found
}

/// The templates one template extends (all the way up), imports or includes.
fn direct_uses(template: &Template) -> BTreeSet<String> {
    let mut used: BTreeSet<String> = template.parents.iter().cloned().collect();
    used.extend(
        template
            .imported_macro_files
            .iter()
            .map(|(file, _)| file.clone()),
    );
    includes(&template.ast, &mut used);
    for macro_definition in template.macros.values() {
        includes(&macro_definition.body, &mut used);
    }
    used
}

/// Adds the templates `{% include %}`d anywhere in `nodes`.
fn includes(nodes: &[Node], used: &mut BTreeSet<String>) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => used.extend(names.iter().cloned()),
            Node::Block(_, block, _) => includes(&block.body, used),
            Node::Forloop(_, forloop, _) => {
                includes(&forloop.body, used);
                if let Some(empty) = &forloop.empty_body {
                    includes(empty, used);
                }
            }
            Node::If(branches, _) => {
                for (_, _, body) in &branches.conditions {
                    includes(body, used);
                }
                if let Some((_, body)) = &branches.otherwise {
                    includes(body, used);
                }
            }
            Node::FilterSection(_, section, _) => includes(&section.body, used),
            Node::MacroDefinition(_, definition, _) => includes(&definition.body, used),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_affects_those_that_extend_include_or_import_it() {
        let mut tera = Tera::default();
        tera.add_raw_templates([
            ("base.html", "<main>{% block content %}{% endblock %}</main>"),
            ("macros.html", "{% macro badge(x) %}{% include \"badge.html\" %}{% endmacro %}"),
            ("badge.html", "<b>badge</b>"),
            ("page.html", "{% extends \"base.html\" %}{% import \"macros.html\" as m %}{% block content %}{{ m::badge(x=1) }}{% endblock %}"),
            ("section.html", "{% extends \"base.html\" %}{% block content %}{% for p in ps %}{% if p %}{% include \"card.html\" %}{% endif %}{% endfor %}{% endblock %}"),
            ("card.html", "<div></div>"),
            ("feed.xml", "<feed></feed>"),
        ])
        .unwrap();
        let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(
            dependents(&tera, &set(&["badge.html"])),
            set(&["badge.html", "macros.html", "page.html"])
        );
        assert_eq!(
            dependents(&tera, &set(&["card.html"])),
            set(&["card.html", "section.html"])
        );
        assert_eq!(
            dependents(&tera, &set(&["base.html"])),
            set(&["base.html", "page.html", "section.html"])
        );
        assert_eq!(dependents(&tera, &set(&["feed.xml"])), set(&["feed.xml"]));
        assert_eq!(
            reached_from(&tera, "page.html"),
            set(&["badge.html", "base.html", "macros.html", "page.html"])
        );
    }
}
