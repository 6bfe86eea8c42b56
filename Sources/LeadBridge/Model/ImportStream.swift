/// Which part of a mapping a file is imported with.
public enum ImportStream: String, Sendable, CaseIterable {
    case contacts, activities
}
