/// Faults waiting for the requests they will hit, in the order they were injected.
actor SandboxFaultQueue {
    private var pending: [SandboxFault] = []

    func enqueue(_ fault: SandboxFault) {
        guard fault.count > 0 else { return }
        pending.append(fault)
    }

    /// The first pending fault that matches the request, consumed once.
    func take(vendor: SandboxVendor, path: String) -> SandboxFault? {
        guard let position = pending.firstIndex(where: { fault in
            (fault.vendor == nil || fault.vendor == vendor)
                && (fault.pathContains.map { path.contains($0) } ?? true)
        }) else { return nil }
        let fault = pending[position]
        pending[position].count -= 1
        if pending[position].count <= 0 { pending.remove(at: position) }
        return fault
    }

    func clear() { pending = [] }

    func all() -> [SandboxFault] { pending }
}
