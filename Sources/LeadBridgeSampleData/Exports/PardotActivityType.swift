/// Pardot's visitor activity `<type>` codes and `<type_name>` names (Pardot API object field reference, "Visitor
/// Activity types") for the generated activity kinds.
///
/// Email clicks are type 1 ("Click", with an email attached), not 17 ("Click (Third Party)"). Pardot has no demo
/// request type: a demo request is a form success (type 4) whose details are the `/demo` page.
struct PardotActivityType: Equatable {
    var code: Int
    var name: String

    init(code: Int, name: String) {
        self.code = code
        self.name = name
    }

    init(_ kind: SampleActivity.Kind) {
        switch kind {
        case .pageView: self.init(code: 20, name: "Visit")
        case .formFill, .demoRequest: self.init(code: 4, name: "Success")
        case .emailOpen: self.init(code: 11, name: "Open")
        case .emailClick: self.init(code: 1, name: "Click")
        case .unsubscribe: self.init(code: 12, name: "Unsubscribe Page")
        case .webinarRegistered: self.init(code: 25, name: "Registered for Webinar")
        case .webinarAttended: self.init(code: 24, name: "Attended Webinar")
        }
    }
}
