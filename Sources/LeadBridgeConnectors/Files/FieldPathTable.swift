#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The dotted field names of nested records (`campaign.name`, `campaign.@id`, `properties.email`), built once
/// per distinct path and found again by comparing the raw name bytes a parser hands over.
///
/// Records repeat the same children in the same order, so each path remembers which child matched last and
/// looks at the next one first: finding a field is usually one `memcmp`, with no allocation and no hashing.
struct FieldPathTable {
    private struct Child {
        var name: [UInt8]
        var isAttribute: Bool
        var path: Int
        /// The name's address in a dictionary of interned names (libxml2's), once seen through
        /// ``child(of:interned:fields:)``.
        var interned: UnsafeRawPointer?
    }

    private struct Path {
        var slot: Int
        var fieldName: String
        var children: [Child] = []
        var nextGuess = 0
    }

    /// The record itself, whose own text (in XML) is the field `#text`.
    static let root = 0

    private var paths: [Path]

    init(fields: inout RecordFieldsBuilder) {
        paths = [Path(slot: fields.slot(for: "#text"), fieldName: "#text")]
    }

    /// The ``RecordFieldsBuilder`` slot of a path's field name.
    func slot(of path: Int) -> Int { paths[path].slot }

    /// A path's dotted field name, for messages.
    func fieldName(of path: Int) -> String { paths[path].fieldName }

    /// The path of the child element `name` of `parent`, where `name` is interned: the same name is always at the
    /// same address, and no other name ever is (libxml2 keeps element names in its reader's dictionary for the
    /// reader's lifetime). A repeat is then found by comparing one address, without measuring or comparing bytes
    /// (the XML import's parsing thread is its slowest, and this was a tenth of its own work).
    mutating func child(of parent: Int, interned name: UnsafePointer<CChar>, fields: inout RecordFieldsBuilder) -> Int {
        let address = UnsafeRawPointer(name)
        let count = paths[parent].children.count
        let guess = paths[parent].nextGuess
        if guess < count, paths[parent].children[guess].interned == address {
            paths[parent].nextGuess = guess + 1 < count ? guess + 1 : 0
            return paths[parent].children[guess].path
        }
        let bytes = UnsafeBufferPointer(
            start: UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self), count: strlen(name))
        let path = child(of: parent, named: bytes, fields: &fields)
        if let position = paths[parent].children.firstIndex(where: { $0.path == path }) {
            paths[parent].children[position].interned = address
        }
        return path
    }

    /// The path of the child `name` (an element or key; an attribute when `isAttribute`) of `parent`.
    mutating func child(
        of parent: Int, named name: UnsafeBufferPointer<UInt8>, isAttribute: Bool = false,
        fields: inout RecordFieldsBuilder
    ) -> Int {
        let count = paths[parent].children.count
        let first = paths[parent].nextGuess
        for step in 0..<count {
            let position = first + step < count ? first + step : first + step - count
            let child = paths[parent].children[position]
            guard child.isAttribute == isAttribute, child.name.count == name.count else { continue }
            let equal = child.name.withUnsafeBufferPointer {
                name.count == 0 || memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0
            }
            if equal {
                paths[parent].nextGuess = position + 1 < count ? position + 1 : 0
                return child.path
            }
        }
        let text = String(decoding: name, as: UTF8.self)
        let prefix = parent == Self.root ? "" : paths[parent].fieldName + "."
        let fieldName = prefix + (isAttribute ? "@" : "") + text
        let path = paths.count
        paths.append(Path(slot: fields.slot(for: fieldName), fieldName: fieldName))
        paths[parent].children.append(Child(name: Array(name), isAttribute: isAttribute, path: path))
        return path
    }
}
