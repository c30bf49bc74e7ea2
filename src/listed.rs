//! `listed_enum!`: an enum whose variants cross to PowerShell by name (in the JSON the exports
//! write), declared once with the list of its variants, so the ABI description can name them all
//! and a test can hold the C# enum to the same names in the same order.

/// Declares the enum as written and adds `ALL`, every variant in declaration order, and
/// `name()`, the name serde writes for it.
macro_rules! listed_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        $vis enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The variant's name, as the JSON the exports write spells it.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($variant)),+
                }
            }
        }
    };
}
