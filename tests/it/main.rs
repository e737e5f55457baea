mod citations;
mod placeholder;
