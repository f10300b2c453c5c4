//! A bound on macro recursion. Tera 1 calls macros by plain recursion with no limit, so a
//! macro that calls itself without end overflows the stack and aborts the process (serve
//! included). Every macro body is wrapped, once the templates are loaded, between calls of
//! two hidden functions that count the macros open on this thread; past
//! [`MAX_MACRO_DEPTH`] the call fails, which ends the render with an ordinary error.
//!
//! The count is per thread because one render runs on one thread from start to end, and it
//! is reset at the start of every render, so a render that failed half-way (and never left
//! its open macros) does not leave its count to the next one.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};
use tera::{Tera, Value};

/// How deep macros may call each other. Each level costs a few kilobytes of stack in a debug
/// build (a few hundred bytes optimised); renders run on threads of at least 2 MiB.
pub(crate) const MAX_MACRO_DEPTH: usize = 64;

const ENTER: &str = "__quire_macro_enter";
const LEAVE: &str = "__quire_macro_leave";

thread_local! {
    /// How many macro calls are open on this thread.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    /// The macro (template, name) whose call went past the limit, for the diagnostic.
    static OVERFLOW: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Wraps every macro of every template in `tera` with the depth count, and registers the
/// two functions that keep it.
pub(crate) fn guard(tera: &mut Tera) {
    tera.register_function(ENTER, enter);
    tera.register_function(LEAVE, leave);
    for (template_name, template) in tera.templates.iter_mut() {
        for (macro_name, definition) in template.macros.iter_mut() {
            let mut body = Vec::with_capacity(definition.body.len() + 2);
            body.push(call(
                ENTER,
                &[("template", template_name), ("name", macro_name)],
            ));
            body.append(&mut definition.body);
            body.push(call(LEAVE, &[]));
            definition.body = body;
        }
    }
}

/// Starts a render on this thread with no macro open.
pub(crate) fn reset() {
    DEPTH.with(|depth| depth.set(0));
    OVERFLOW.with(|overflow| overflow.borrow_mut().take());
}

/// The (template, macro) that recursed too deep in the last render on this thread, if any.
pub(crate) fn overflowed() -> Option<(String, String)> {
    OVERFLOW.with(|overflow| overflow.borrow().clone())
}

/// `{{ name(key="value", ...) }}`.
fn call(name: &str, args: &[(&str, &str)]) -> Node {
    let args = args
        .iter()
        .map(|(key, value)| {
            (
                key.to_string(),
                Expr::new(ExprVal::String(value.to_string())),
            )
        })
        .collect();
    Node::VariableBlock(
        WS::default(),
        Expr::new(ExprVal::FunctionCall(FunctionCall {
            name: name.to_string(),
            args,
        })),
    )
}

fn enter(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let depth = DEPTH.with(|depth| {
        let next = depth.get() + 1;
        depth.set(next);
        next
    });
    if depth <= MAX_MACRO_DEPTH {
        return Ok(Value::String(String::new()));
    }
    let text = |key: &str| {
        args.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (template, name) = (text("template"), text("name"));
    let message = format!(
        "macro `{name}` of `{template}` was called {MAX_MACRO_DEPTH} levels deep: it calls itself without end"
    );
    OVERFLOW.with(|overflow| *overflow.borrow_mut() = Some((template, name)));
    Err(tera::Error::msg(message))
}

fn leave(_: &HashMap<String, Value>) -> tera::Result<Value> {
    DEPTH.with(|depth| depth.set(depth.get().saturating_sub(1)));
    Ok(Value::String(String::new()))
}
