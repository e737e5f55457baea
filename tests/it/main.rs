mod exports;
mod placeholder;
