import Foundation

/// Conversions of `Decimal` that keep the value a person wrote.
public enum Decimals {
    /// The most digits a decimal column holds in Parquet (and in `Decimal`'s 128-bit significand).
    public static let maxPrecision = 38

    /// The double nearest to a decimal. Parsing the decimal's text gives the nearest double
    /// (`20.99` stays `20.99`); Foundation's own conversion can be off in the last digit.
    public static func double(_ decimal: Decimal) -> Double {
        Double(decimal.description) ?? NSDecimalNumber(decimal: decimal).doubleValue
    }

    /// Powers of ten as decimals, 10^0 to 10^38, to count a significand's digits by comparison.
    private static let powersOfTen: [Decimal] = (0...maxPrecision).map { Decimal(sign: .plus, exponent: $0, significand: 1) }

    /// The digits of a value and how many of them follow the point: `19.99` is (4, 2), `-5` is (1, 0),
    /// `1.2e3` is (4, 0), `0.001` is (3, 3). Zero is (1, 0).
    public static func shape(_ value: Decimal) -> (precision: Int, scale: Int) {
        guard !value.isZero, value.isFinite else { return (1, 0) }
        let significand = value.significand.magnitude
        var low = 1, high = powersOfTen.count - 1
        if significand >= powersOfTen[high] {
            low = high + 1
        } else {
            // The smallest k with significand < 10^k.
            while low < high {
                let middle = (low + high) / 2
                if significand < powersOfTen[middle] { high = middle } else { low = middle + 1 }
            }
        }
        let exponent = value.exponent
        let scale = max(0, -exponent)
        return (max(low + max(0, exponent), scale), scale)
    }

    /// Whether a value has at most `scale` digits after the point and `precision - scale` before it.
    @inline(__always)
    public static func fits(_ value: Decimal, precision: Int, scale: Int) -> Bool {
        let shape = shape(value)
        return shape.scale <= scale && shape.precision - shape.scale <= precision - scale
    }

    /// The value times 10^scale as a 128-bit integer, or nil when it does not fit or would lose digits.
    public static func unscaled(_ value: Decimal, scale: Int) -> Int128? {
        guard value.isFinite else { return nil }
        if value.isZero { return 0 }
        let shift = value.exponent + scale
        guard shift >= 0, let magnitude = UInt128(value.significand.magnitude.description) else { return nil }
        var result = magnitude
        for _ in 0..<shift {
            let (product, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            result = product
        }
        guard result <= UInt128(Int128.max) else { return nil }
        return value.sign == .minus ? -Int128(result) : Int128(result)
    }

    /// The decimal `unscaled` × 10^-scale.
    public static func decimal(unscaled: Int128, scale: Int) -> Decimal {
        let magnitude = unscaled.magnitude
        let significand = magnitude <= UInt128(UInt64.max) ? Decimal(UInt64(magnitude)) : Decimal(string: magnitude.description)!
        return Decimal(sign: unscaled < 0 ? .minus : .plus, exponent: -scale, significand: significand)
    }
}
