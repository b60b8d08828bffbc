//! Drops the classes that Leptos's server functions bring and the app never uses, from the main
//! module and its glue.
//!
//! Leptos depends on `server_fn` with its `browser` feature, which brings `wasm-streams`: three
//! classes through which a Rust stream becomes a JavaScript stream's source or sink. wasm-bindgen
//! exports their methods from the module, and an export is never dead code, so they and all the
//! stream and future code they call stayed in the first load (1.2 KB gzip), although the app has
//! no server function and never hands one of them to JavaScript. Their exports are dropped before
//! wasm-opt (which then drops their code) and their classes from the glue. Should the app ever
//! hand one to JavaScript (wasm-bindgen then writes the class a `__wrap`), the build stops here
//! with the reason instead of shipping a class without its code.

/// The classes, as wasm-bindgen names them in the glue.
pub const UNUSED_CLASSES: &[&str] = &["IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource"];

/// Whether an export of the module belongs to one of `classes`: its methods are exported as
/// `<class in lower case>_<method>`, its destructor as `__wbg_<class in lower case>_free`.
fn belongs_to(export: &str, classes: &[&str]) -> bool {
    classes.iter().any(|class| {
        let lower = class.to_lowercase();
        export.strip_prefix(&lower).is_some_and(|rest| rest.starts_with('_')) || export == format!("__wbg_{lower}_free")
    })
}

/// The module without the exports of `classes`; every other section is copied byte for byte
/// (dropping an export changes no index). Hand-written on `wasmparser` and `wasm-encoder`
/// (the crates wasm-split already builds on) because binaryen has no pass that drops a named
/// export.
pub fn drop_exports(wasm: &[u8], classes: &[&str]) -> Result<(Vec<u8>, usize), String> {
    let mut module = wasm_encoder::Module::new();
    let mut dropped = 0;
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(|error| format!("reading the main module: {error}"))?;
        match payload {
            wasmparser::Payload::ExportSection(reader) => {
                let mut exports = wasm_encoder::ExportSection::new();
                for export in reader {
                    let export = export.map_err(|error| format!("reading an export: {error}"))?;
                    if belongs_to(export.name, classes) {
                        dropped += 1;
                    } else {
                        exports.export(export.name, export.kind.into(), export.index);
                    }
                }
                module.section(&exports);
            }
            wasmparser::Payload::ModuleSection { .. } | wasmparser::Payload::ComponentSection { .. } => {
                return Err("the main module has nested modules: not a module wasm-bindgen wrote".into());
            }
            other => {
                if let Some((id, range)) = other.as_section() {
                    let data = &wasm[range.start as usize..range.end as usize];
                    module.section(&wasm_encoder::RawSection { id, data });
                }
            }
        }
    }
    Ok((module.finish(), dropped))
}

/// The glue without `classes`: each class from `export class X {` to the line that gives it
/// `Symbol.dispose`, and its `XFinalization` registry. An error if the glue wraps one (the app
/// hands it to JavaScript) or still names one after the cut (a glue written another way).
pub fn drop_classes(glue: &str, classes: &[&str]) -> Result<String, String> {
    let mut glue = glue.to_string();
    for class in classes {
        if glue.contains(&format!("{class}.__wrap")) {
            return Err(format!("the glue hands {class} objects to JavaScript: the class is used, keep it"));
        }
        let start_text = format!("export class {class} {{");
        let end_text = format!("if (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;\n");
        let start = glue.find(&start_text).ok_or(format!("no `{start_text}` in the glue"))?;
        let end = glue[start..].find(&end_text).ok_or(format!("no end of class {class} in the glue"))? + start;
        glue.replace_range(start..end + end_text.len(), "");
        let registry_text = format!("const {class}Finalization = ");
        let registry = glue.find(&registry_text).ok_or(format!("no `{registry_text}` in the glue"))?;
        let registry_end = glue[registry..].find(";\n").ok_or(format!("no end of {class}Finalization"))? + registry;
        glue.replace_range(registry..registry_end + 2, "");
        let lower = class.to_lowercase();
        if glue.contains(class) || glue.contains(&format!("wasm.{lower}_")) || glue.contains(&format!("_{lower}_free"))
        {
            return Err(format!("the glue still names {class} after its class was cut"));
        }
    }
    Ok(glue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_belongs_to_a_class_by_its_lower_case_name() {
        let classes = &["IntoUnderlyingSink"];
        assert!(belongs_to("intounderlyingsink_write", classes));
        assert!(belongs_to("__wbg_intounderlyingsink_free", classes));
        assert!(!belongs_to("intounderlyingsinkx", classes));
        assert!(!belongs_to("intounderlyingsource_pull", classes));
        assert!(!belongs_to("main", classes));
    }

    #[test]
    fn drops_the_classes_exports_and_keeps_the_rest() {
        let mut module = wasm_encoder::Module::new();
        let mut types = wasm_encoder::TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        let mut functions = wasm_encoder::FunctionSection::new();
        functions.function(0);
        module.section(&functions);
        let mut exports = wasm_encoder::ExportSection::new();
        exports.export("intounderlyingsink_close", wasm_encoder::ExportKind::Func, 0);
        exports.export("__wbg_intounderlyingsink_free", wasm_encoder::ExportKind::Func, 0);
        exports.export("start", wasm_encoder::ExportKind::Func, 0);
        module.section(&exports);
        let mut code = wasm_encoder::CodeSection::new();
        let mut body = wasm_encoder::Function::new([]);
        body.instructions().end();
        code.function(&body);
        module.section(&code);
        let (out, dropped) = drop_exports(&module.finish(), &["IntoUnderlyingSink"]).unwrap();
        assert_eq!(dropped, 2);
        let mut names = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(&out) {
            if let wasmparser::Payload::ExportSection(reader) = payload.unwrap() {
                names.extend(reader.into_iter().map(|export| export.unwrap().name.to_string()));
            }
        }
        assert_eq!(names, ["start"]);
        wasmparser::validate(&out).unwrap();
    }

    const GLUE: &str = "import * as a from \"./x.js\"\n\nexport class IntoUnderlyingSink {\n    free() {\n        \
                        IntoUnderlyingSinkFinalization.unregister(this);\n        \
                        wasm.__wbg_intounderlyingsink_free(1, 0);\n    }\n    close() {\n        \
                        wasm.intounderlyingsink_close(this.__wbg_ptr);\n    }\n}\n\
                        if (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = \
                        IntoUnderlyingSink.prototype.free;\n\nfunction keep() {}\n\
                        const IntoUnderlyingSinkFinalization = (typeof FinalizationRegistry === 'undefined')\n    \
                        ? { register: () => {}, unregister: () => {} }\n    \
                        : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingsink_free(ptr, 1));\n\
                        const after = 1;\n";

    #[test]
    fn cuts_a_class_and_its_registry_from_the_glue() {
        let glue = drop_classes(GLUE, &["IntoUnderlyingSink"]).unwrap();
        assert_eq!(glue, "import * as a from \"./x.js\"\n\n\nfunction keep() {}\nconst after = 1;\n");
    }

    #[test]
    fn a_class_the_app_hands_to_javascript_stops_the_build() {
        let glue = format!("{GLUE}function wrap(ptr) {{ return IntoUnderlyingSink.__wrap(ptr); }}\n");
        assert!(drop_classes(&glue, &["IntoUnderlyingSink"]).unwrap_err().contains("hands IntoUnderlyingSink objects"));
    }

    #[test]
    fn a_glue_written_another_way_stops_the_build() {
        let glue = GLUE.replace("export class IntoUnderlyingSink {", "class IntoUnderlyingSink {");
        assert!(drop_classes(&glue, &["IntoUnderlyingSink"]).is_err());
    }
}
