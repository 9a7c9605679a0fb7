import Foundation

/// Conversions of `Decimal` that keep the value a person wrote.
public enum Decimals {
    /// The double nearest to a decimal. Parsing the decimal's text gives the nearest double
    /// (`20.99` stays `20.99`); Foundation's own conversion can be off in the last digit.
    public static func double(_ decimal: Decimal) -> Double {
        Double(decimal.description) ?? NSDecimalNumber(decimal: decimal).doubleValue
    }
}
